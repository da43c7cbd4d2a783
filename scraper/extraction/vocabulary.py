"""What chrome looks like: the vocabularies the chrome rules match, kept as data.

Two kinds of evidence, both about what a block *is* rather than about any one site:
- attribute stems (class, id, role, aria-*, data-*) that sites give to their
  paywall, donation, newsletter, consent, share and teaser widgets;
- call-to-action phrasing, in English, Russian, German, French and Spanish (donation
  appeals, their salutation and subscription walls also in Italian, Portuguese, Dutch and
  Polish), that appeals and prompts use and article prose does not;
- the fixed formats of page furniture, matched as whole lines: reading times, page counts,
  a pager's "Next article:", a forum member's join date and post count.

Every text rule has a strength: a STRONG phrase on its own marks a short block
as chrome; a WEAK phrase needs a second hit, or a position at the edge of the
article or next to other chrome.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from scraper.models import ChromeKind

STRONG: Final = 2
WEAK: Final = 1

# Attribute stems matched inside class/id/role/aria-label/data-* values (lower-cased).
# Stems here are distinctive enough to match as substrings.
ATTRIBUTE_STEMS: Final[tuple[tuple[ChromeKind, tuple[str, ...]], ...]] = (
    (
        "paywall",
        (
            "paywall",
            "pay-wall",
            "regwall",
            "registration-wall",
            "tp-modal",
            "tp-container",
            "article-gate",
            "content-gate",
            "premium-wall",
            "locked-content",
            "plus-teaser",
        ),
    ),
    (
        "subscription",
        (
            "subscribe",
            "subscription",
            "subscriber",
            "abonnement",
            "abonnier",
            "abonnez",
            "suscrip",
            "suscrib",
            "podpisk",
            "jetpack-sub",
        ),
    ),
    (
        "donation",
        (
            "donat",
            "donor",
            "support-us",
            "supportus",
            "support-our",
            "contribution",
            "contribute",
            "membership",
            "become-a-member",
            "patreon",
            "spende",
            "unterstuetz",
            "soutenir",
            "soutien",
            "apoyanos",
        ),
    ),
    (
        "newsletter",
        (
            "newsletter",
            "mailing-list",
            "mailinglist",
            "email-signup",
            "emailsignup",
            "signup-form",
            "sign-up-form",
            "mc4wp",
            "mailchimp",
            "optin",
            "opt-in",
            "rassylk",
        ),
    ),
    (
        "consent",
        (
            "cookie",
            "consent",
            "gdpr",
            "onetrust",
            "didomi",
            "usercentrics",
            "qc-cmp",
            "truste",
            "privacy-banner",
            "privacy-notice",
        ),
    ),
    (
        "ad-notice",
        (
            "advert",
            "adblock",
            "ad-block",
            "ad-free",
            "adfree",
            "sponsored",
            "google-ad",
            "adsense",
            "ad-slot",
            "ad-container",
            "ad-wrapper",
            "ad-unit",
            "banner-ad",
        ),
    ),
    (
        "share",
        (
            "share",
            "sharing",
            "social-links",
            "social-media",
            "socialmedia",
            "social-icons",
            "addthis",
            "sharethis",
            "sharedaddy",
        ),
    ),
    (
        "teaser",
        (
            "related",
            "read-more",
            "readmore",
            "more-stories",
            "morestories",
            "recommend",
            "recirc",
            "outbrain",
            "taboola",
            "also-read",
            "further-reading",
            "trending",
            "most-popular",
            "mostpopular",
            "popular-posts",
            "see-also",
            "more-from",
            "you-may-like",
            "inline-promo",
            "promo-box",
            "article-promo",
            "ob-widget",
            "zergnet",
        ),
    ),
)

# Attribute stems of content that merely looks like chrome: embedded posts and videos
# ("social-media-embed", "twitter-tweet") are part of the story, and expand/collapse toggles
# ("read-more-toggle", "collapse") hide the rest of the article behind a button, not a teaser.
NEUTRAL_STEMS: Final[tuple[str, ...]] = (
    "embed",
    "tweet",
    "instagram-media",
    "tiktok",
    "article-body",
    "story-body",
    "expand",
    "collapse",
    "toggle",
    "accordion",
)

# Whole attribute tokens naming the front matter around the headline: kicker, byline and
# dateline. Not chrome, but not body text either: Article has fields for them. A standfirst
# (dek, chapo, Vorspann, entradilla) is not among them: it is the article's first words.
FRONT_MATTER_TOKENS: Final[tuple[str, ...]] = (
    "kicker",
    "byline",
    "bylines",
    "dateline",
    "author",
    "authors",
    "date",
    "pubdate",
    "published",
    "timestamp",
    "surtitre",
    "auteur",
    "signature",
    "dachzeile",
    "autor",
    "antetitulo",
)

# Whole attribute tokens (between separators) for words too short or common to match as substrings.
ATTRIBUTE_TOKENS: Final[tuple[tuple[ChromeKind, tuple[str, ...]], ...]] = (
    ("paywall", ("meter", "metered", "piano", "gate", "gated")),
    ("consent", ("cmp",)),
    ("newsletter", ("inbox",)),
    ("ad-notice", ("ad", "ads", "adv", "dfp", "advertisement", "anzeige", "werbung", "publicite", "reklama")),
    ("share", ("social", "print-button")),
    ("teaser", ("promo", "promos", "teasers", "widget-related")),
    ("donation", ("donate", "support", "members", "epic")),
    ("other", ("breadcrumb", "breadcrumbs", "tags")),
)


@dataclass(frozen=True)
class TextRule:
    """A call-to-action phrase: `pattern` (for lower-cased text) is only tried when a trigger occurs.

    Triggers are plain substrings that every match of the pattern contains one
    of; scanning for them first keeps the classifier cheap on article prose.
    """

    kind: ChromeKind
    strength: int
    name: str
    triggers: tuple[str, ...]
    pattern: str


def by_language(
    kind: ChromeKind, strength: int, name: str, phrasings: tuple[tuple[tuple[str, ...], str], ...]
) -> tuple[TextRule, ...]:
    """One rule written in several languages: a TextRule of the same name for each, tried only when one of its
    own triggers occurs (so every match of a language's pattern must hold one of that language's triggers);
    a block gets at most one hit of the name.

    As one alternation over twenty-odd languages the pattern was tried, at every position of a block, whenever
    any language's trigger occurred ("чтобы" in most Russian paragraphs, "newsletter" in English ones): 0.3 to
    0.7 ms a paragraph, where one language's own pattern takes microseconds.
    """
    return tuple(TextRule(kind, strength, name, triggers, pattern) for triggers, pattern in phrasings)


FOREIGN_TEASER_LABELS: Final = (
    r"leggi anche|vedi anche|читайте также|lesen sie auch|mehr zum thema|à lire aussi|lire aussi|lee también|"
    r"à lire également|te recomendamos|noticias relacionadas|leia também|veja também|lees ook|"
    r"czytaj (?:także|również|też)|zobacz (?:także|również)|ayrıca okuyun|ilgili haberler|関連記事|"
    r"相关(?:文章|阅读|新闻)|相關(?:文章|閱讀|新聞)|관련 ?기사|читайте також|přečtěte si (?:také|též)|čtěte také|"
    r"läs (?:också|även)|læs også|les også|lue myös|citește și|διαβάστε (?:επίσης|ακόμη)|baca juga|"
    r"xem thêm|đọc thêm|اقرأ أيضا|اقرأ أيضاً|بیشتر بخوانید|(?:यह|ये|इसे) भी पढ़ें"
)
"""Labels of related links outside English: both the teaser headings and the read-more labels take them."""

AD_LABELS: Final = r"advertisement|sponsored(?: content)?|anzeige|werbung|publicité|publicidad|реклама"
"""The words that mark a block as paid for, alone on a line or labelling a section's heading."""

SPONSORED_HEADING: Final = rf"^(?:{AD_LABELS})\s*[:|–—-]\s*\S|[(\[](?:{AD_LABELS})[)\]]$"
"""A heading labelled as paid for: 'Advertisement: New AI Book!', 'Depot analytics (Sponsored)'."""

OTHER_LANGUAGE_PAGER_LABELS: Final = (
    "nächster artikel",
    "vorheriger artikel",
    "article suivant",
    "article précédent",
    "artículo siguiente",
    "artículo anterior",
    "articolo successivo",
    "articolo precedente",
    "próximo artigo",
    "artigo anterior",
    "volgend artikel",
    "vorig artikel",
    "następny artykuł",
    "poprzedni artykuł",
    "следующая статья",
    "предыдущая статья",
)
"""A pager's "next/previous article" in other languages: a line of the label alone is a control label, and
the label before a colon ("Article suivant : …") opens a pager line. Plain words: no regular-expression
specials, so the pager rule joins them as they are."""

TEXT_RULES: Final[tuple[TextRule, ...]] = (
    # --- donation and membership appeals
    TextRule(
        "donation",
        STRONG,
        "support-us",
        ("support",),
        r"\bsupport (?:us|our (?:work|journalism|reporting|newsroom|mission))\b",
    ),
    TextRule(
        "donation",
        STRONG,
        "donate-cta",
        ("donat", "contribution", "gift", "give", "chip in"),
        r"\b(?:donate (?:now|today|here|to us)|make a (?:donation|contribution|gift)|"
        r"give (?:now|today)|chip in|(?:one-time|monthly|annual|recurring) "
        r"(?:gift|donation|contribution))\b",
    ),
    TextRule(
        "donation",
        STRONG,
        "your-support",
        ("your", "reader"),
        r"\b(?:(?<!for )(?<!appreciate )your (?:support|contribution|donation)s?"
        r"(?! is (?:very )?(?:much )?appreciated)|"
        r"your gifts? (?:today|of|will|helps?|makes?|matters?|goes)|support from readers"
        r"|reader(?:s'|-funded| support)|readers like you)\b",
    ),
    TextRule(
        "donation",
        STRONG,
        "need-help",
        ("need", "rely", "depend", "count on", "keep"),
        r"\bwe (?:need|rely on|depend on|count on) (?:your|readers)\b|"
        r"\bkeep (?:providing|our journalism|(?:our )?reporting|it free)\b",
    ),
    TextRule(
        "donation",
        STRONG,
        "membership-pitch",
        ("if you enjoy", "if you like", "if you value", "if you appreciate"),
        r"^if you (?:enjoyed|liked|value|appreciate|appreciated) (?:this|our|reading|the work)",
    ),
    TextRule(
        "donation",
        STRONG,
        "member-benefits",
        ("members", "subscribers"),
        r"\b(?:members|subscribers) (?:get|enjoy|receive) (?:all|unlimited|full|exclusive|access|ad-free)",
    ),
    TextRule(
        "donation",
        STRONG,
        "become-member",
        ("become a", "join"),
        r"\bbecome a (?:paying )?(?:member|patron|supporter|subscriber|sustainer)\b(?! of\b)|"
        r"\bjoin (?:us|our members|the \w+ community) (?:today|now)\b",
    ),
    TextRule(
        "donation",
        STRONG,
        "any-amount",
        ("no matter how", "every contribution", "only takes"),
        r"\b(?:no matter how small|every contribution|it only takes a minute)",
    ),
    TextRule(
        "donation",
        WEAK,
        "small-amounts",
        ("tax-deductible", "as little as"),
        r"\btax-deductible|\bas little as [$€£\d]",
    ),
    TextRule(
        "donation",
        WEAK,
        "independent-journalism",
        ("journalism", "press", "media", "journalismus", "journalisme", "periodismo", "журналист"),
        r"\b(?:independent|quality|free|open) (?:journalism|press|media)\b|unabhängige[nr]? journalismus|"
        r"journalisme indépendant|periodismo independiente|независим\w+ журналистик",
    ),
    TextRule(
        "donation",
        STRONG,
        "appeal-opener",
        ("message from", "note from", "letter from", "dear", "before you go", "small favo", "support"),
        r"^(?:a message from|a note from|a letter from|dear (?:readers?|friends?),?$|"
        r"before you go|we have a small favou?r|support (?:the|independent))",
    ),
    TextRule(
        "donation",
        STRONG,
        "not-ready",
        ("not ready", "remind me", "maybe later"),
        r"\b(?:not ready to (?:support|give|donate)|remind me later|maybe later)\b",
    ),
    TextRule(
        "donation",
        STRONG,
        "ru-donate",
        ("поддерж", "пожертвова", "задонат", "взнос", "помощь"),
        r"(?:поддержите|поддержать (?:нас|редакцию|проект)|пожертвова|"
        r"ваша поддержка|задонат|сделать (?:пожертвование|взнос)|нам нужна ваша помощь)",
    ),
    TextRule(
        "donation",
        STRONG,
        "de-donate",
        ("unterstütz", "spende"),
        r"\b(?:jetzt unterstützen|unterstützen sie (?:uns|unsere|unabhängigen)|"
        r"jetzt spenden|spenden sie|ihre (?:spende|unterstützung))\b",
    ),
    TextRule(
        "donation",
        STRONG,
        "fr-donate",
        ("souten", "don", "soutien"),
        r"\b(?:soutenez|faites? un don|votre (?:soutien|don)|nous soutenir|"
        r"je soutiens)\b",
    ),
    TextRule(
        "donation",
        STRONG,
        "es-donate",
        ("apóyanos", "apoya", "haz una", "haz un", "dona ahora", "tu apoyo", "tu aporte", "tu donación", "hazte"),
        r"(?:apóyanos|apoya (?:nuestro|el) periodismo|haz (?:una donación|un aporte)|"
        r"\bdona ahora|\btu (?:apoyo|aporte|donación)|hazte (?:socio|miembro))",
    ),
    TextRule(
        "donation",
        STRONG,
        "it-donate",
        ("sostien", "donazion", "dona ora", "il tuo", "la tua"),
        r"(?:\bsostienici\b|\bsostieni (?:il nostro|la nostra|l'informazione|il giornalismo)|\bfai una donazione|"
        r"\bdona ora\b|\bil tuo (?:sostegno|contributo)\b|\bla tua donazione\b)",
    ),
    TextRule(
        "donation",
        STRONG,
        "pt-donate",
        ("apoie", "doação", "doe agora", "apoio", "contribuição"),
        r"(?:\bapoie (?:o nosso|a nossa|nosso|nossa|o jornalismo)|\bfaça uma doação|\bdoe agora\b|"
        r"\b(?:seu|o teu) apoio\b|\bsua contribuição\b)",
    ),
    TextRule(
        "donation",
        STRONG,
        "nl-donate",
        ("steun", "doneer", "donateur", "bijdrage", "donatie"),
        r"(?:\bsteun (?:ons|onze|de redactie)\b|\bdoneer (?:nu|vandaag)\b|\bword (?:lid|donateur)\b|"
        r"\b(?:jouw|uw) (?:steun|bijdrage|donatie)\b)",
    ),
    TextRule(
        "donation",
        STRONG,
        "pl-donate",
        ("wesprzyj", "darowizn", "wsparcie", "wpłać", "zostań"),
        r"(?:\bwesprzyj\b|\bprzekaż darowiznę|\bwpłać\b|\b(?:twoje|wasze|państwa) wsparcie\b|"
        r"\bzostań (?:patronem|patronką|darczyńcą))",
    ),
    TextRule(
        "donation",
        STRONG,
        "appeal-salutation",
        (
            "liebe leser",
            "chers lect",
            "chères lect",
            "queridos lect",
            "queridas lect",
            "cari lett",
            "care lett",
            "caros leit",
            "caras leit",
            "beste lezer",
            "drodzy czyt",
            "дорогие чит",
        ),
        r"^(?:liebe (?:leserinnen und leser|leser(?:innen)?)|chers lecteurs|chères lectrices(?: et chers lecteurs)?|"
        r"queridos lectores|queridas lectoras|cari lettori|care lettrici(?: e cari lettori)?|caros leitores|"
        r"caras leitoras|beste lezers?|drodzy czytelnicy|дорогие читатели)[,!:]?$",
    ),
    # --- newsletters
    TextRule(
        "newsletter",
        STRONG,
        "newsletter-signup",
        (
            "sign up",
            "subscribe",
            "newsletter",
            "inbox",
            "email",
            "signing up",
            "subscription",
            "receive",
            "mailing",
            "get the latest",
        ),
        r"\b(?:(?:sign up|subscribe|register) (?:for|to) (?:our|the|\w+'s) (?:free )?(?:[\w-]+ ){0,3}"
        r"(?:newsletters?|emails?|alerts|updates|digest|briefing)|join (?:our|the) (?:mailing|email) list|"
        r"^get the latest (?:news|updates)|"
        r"(?:delivered|straight|direct(?:ly)?|sent) (?:to|into) your inbox|"
        r"in your inbox|enter your email|your email address|"
        r"thanks? (?:you )?for signing up|by signing up|subscribe (?:for free|free) to|"
        r"receive (?:new|our|the latest) (?:posts|stories|articles|updates)|"
        r"there was an error processing your subscription)\b",
    ),
    TextRule(
        "newsletter",
        WEAK,
        "newsletter-word",
        ("newsletter", "boletín", "рассылк", "infolettre", "lettre d", "nieuwsbrie"),
        r"\b(?:newsletters?|boletín|рассылк\w*|infolettre|lettre d'information|nieuwsbrie(?:f|ven))\b",
    ),
    # The same line in the other languages the teaser labels know: the imperative ("subscribe", "sign up")
    # with the newsletter word. Prose about a newsletter reports rather than asks; where the imperative reads
    # like a past tense (Arabic, Vietnamese, Thai) or a third person (Finnish), only the line's start counts
    *by_language(
        "newsletter",
        STRONG,
        "newsletter-foreign",
        (
            (("рассылк",), r"подпишитесь на (?:нашу )?рассылку"),
            (("розсилк",), r"підпиш(?:іться|ись) на (?:нашу )?розсилку"),
            (("newsletter",), r"newsletter abonnieren"),
            (("newsletter",), r"inscrivez-vous à (?:notre|la) newsletter"),
            (("boletín", "newsletter"), r"suscríbete a (?:nuestro|nuestra|el|la) (?:boletín|newsletter)"),
            (
                ("nieuwsbrie",),
                r"\b(?:schrijf|meld) (?:je|u) (?:nu )?(?:in|aan) voor (?:onze|de|het) [\w-]*nieuwsbrie|"
                r"\babonneer (?:je|u) op (?:onze|de) [\w-]*nieuwsbrie",
            ),
            (("newsletter",), r"\b(?:zapisz się (?:do|na)|subskrybuj) (?:nasz(?:ego)? )?newslett"),
            (("bülten",), r"\bbülten\w{0,5} (?:abone ol|kaydol|kayıt ol|üye ol)(?:un|unuz)?\b"),
            (
                ("langgan", "newsletter", "buletin"),
                r"(?:^|\bdaftar\w* )(?:ber)?langgan(?:an|i)? (?:newsletter|buletin|nawala)|"
                r"\b(?:ber)?langgan(?:an|i)? (?:newsletter|buletin|nawala)(?: \w+)? kami|"
                r"\bdaftar (?:ke |untuk )?(?:newsletter|buletin) kami",
            ),
            (
                ("nyhetsbrev",),
                r"\b(?:prenumerera på|anmäl dig till|registrera dig för|skriv upp dig på|meld deg på|abonner på|"
                r"registrer deg for) (?:vårt |våra |våre )?[\w-]*nyhetsbrev",
            ),
            (("nyhedsbrev",), r"\b(?:tilmeld dig|abonn[ée]r på|skriv dig op til) (?:vores |vort )?[\w-]*nyhedsbrev"),
            (
                ("uutiskirje",),
                r"^tilaa (?:[\w-]+ )?uutiskirje|\btilaa (?:meidän )?uutiskirjeemme|\bliity uutiskirje",
            ),
            (("k odběru", "odebírejte"), r"\bpřihl(?:aste|as|ásit) se k odběru|\bodebírejte (?:náš )?newsletter"),
            (
                ("na odber", "k odber", "odoberajte"),
                r"\bprihl(?:áste|ás|ásiť) sa (?:na|k) odber|\bodoberajte (?:náš )?newsletter",
            ),
            (
                ("newsletter", "buletin"),
                r"\b(?:abonează-te|abonați-vă|abonaţi-vă|înscrie-te|înscrieți-vă|înscrieţi-vă) (?:la|pentru) "
                r"(?:newsletter|buletinul)",
            ),
            (("hírlev",), r"\b(?:iratkozz(?:on|atok)? fel|feliratkozás) (?:a |az )?(?:[\w-]+ )?hírlev"),
            (
                ("εγγραφ", "γραφτείτε"),
                r"(?:εγγραφείτε|γραφτείτε|εγγραφή) (?:τώρα )?(?:στο|στα) (?:newsletter|ενημερωτικ)",
            ),
            (
                ("ニュースレター", "メールマガジン", "メルマガ"),
                r"(?:ニュースレター|メールマガジン|メルマガ)(?:の|に|を)?(?:無料)?(?:配信)?(?:登録|購読)(?![者料数])",
            ),
            (
                ("订阅", "訂閱"),
                r"(?:^|欢迎|歡迎|请|請|立即)(?:订阅|訂閱)(?:我们的|我們的|本站的?)?"
                r"(?:新闻简报|新聞簡報|电子报|電子報|邮件通讯|newsletter)|"
                r"(?:订阅|訂閱)(?:我们的|我們的|本站的?)(?:新闻简报|新聞簡報|电子报|電子報|邮件通讯|newsletter)",
            ),
            (("뉴스레터",), r"뉴스레터(?:를)? ?(?:무료 ?)?(?:구독|신청)(?:하기|하세요|하시|해 ?보세요|하고)"),
            (
                ("اشترك", "سجل", "سجّل"),
                r"(?:اشترك|اشتركوا|اشتركي|سجل|سجّل)(?: الآن)? (?:في |ب)(?:نشرتنا|قائمتنا البريدية)|"
                r"^(?:اشترك|اشتركوا|اشتركي|سجل|سجّل)(?: الآن)? (?:في |ب)ال(?:نشرة|قائمة) (?:الإخبارية|البريدية)",
            ),
            (("خبرنامه",), r"در خبرنامه(?: ما)? عضو شوید|عضویت در خبرنامه|مشترک خبرنامه(?: ما)? شوید"),
            (
                ("לניוזלטר", "לרשימת התפוצה"),
                r"(?:הירשמו|הרשמו|הצטרפו|להרשמה|הרשמה) ל(?:ניוזלטר|רשימת התפוצה)",
            ),
            (
                ("लेटर",),
                r"न्यू(?:ज\u093c?|\u095b)लेटर (?:की सदस्यता लें|के लिए साइन ?अप करें|(?:को )?सब्सक्राइब करें)",
            ),
            (("bản tin",), r"(?:^|hãy |vui lòng )đăng k[ýí] (?:nhận )?bản tin"),
            (
                ("สมัครรับ", "ลงทะเบียนรับ"),
                r"^(?:กด)?(?:สมัคร|ลงทะเบียน)รับ(?:จดหมายข่าว|ข่าวสาร|นิวส์เลตเตอร์)",
            ),
        ),
    ),
    # --- paywalls and subscription prompts
    TextRule(
        "paywall",
        STRONG,
        "continue-reading",
        ("reading", "read the", "read this", "unlock"),
        r"\b(?:to (?:continue|keep) reading|to read (?:the|this) (?:full|whole|"
        r"rest)|continue reading (?:with|for)|unlock (?:this|the full|full) "
        r"(?:article|story)|read the full (?:article|story) (?:with|for))\b",
    ),
    # Where "to continue reading" also reads as prose ("she stayed up to continue reading"), it counts at the
    # line's start or after the log-in or subscribe verb that the wall puts before it
    *by_language(
        "paywall",
        STRONG,
        "continue-reading-foreign",
        (
            (("weiterzulesen", "weiterlesen"), r"um weiterzulesen|zum weiterlesen"),
            (("la suite", "continuer"), r"pour (?:lire la suite|continuer (?:à|a) lire)"),
            (("seguir leyendo", "continuar"), r"para (?:seguir|continuar) leyendo"),
            (("continuar",), r"para continuar (?:lendo|a ler)"),
            (("leggere",), r"per continuare a leggere"),
            (
                ("verder te lezen", "artikel te lezen", "abonnees"),
                r"om verder te lezen|"
                r"\bom (?:het (?:hele|volledige) artikel|dit (?:hele |volledige )?artikel(?: verder)?) te lezen|"
                r"\b(?:dit|het) artikel is (?:alleen |exclusief )?(?:voor|beschikbaar voor) abonnees",
            ),
            (
                ("czytać dalej", "aby przeczytać", "aby czytać", "dalsza część"),
                r"aby czytać dalej|"
                r"(?:^|się,? |dostęp,? |subskrypcję,? )aby (?:przeczytać|czytać) "
                r"(?:cały (?:artykuł|tekst)|całość|ten artykuł)|"
                r"\bdalsza część (?:artykułu|tekstu) (?:jest )?dostępna (?:tylko |wyłącznie )?dla",
            ),
            (("чтобы",), r"чтобы (?:продолжить чтение|читать дальше|дочитать)"),
            (
                ("devam etmek için", "okumak için", "abonelere", "abonelerimize"),
                r"(?:^|haberi |içeriği |makaleyi |yazıyı )okumaya devam etmek için|"
                r"(?:^|haberin |yazının |makalenin |içeriğin )(?:devamını|tamamını) okumak için|"
                r"\b(?:sadece|yalnızca) abonel(?:ere|erimize) özel",
            ),
            (
                ("melanjutkan membaca", "lanjut membaca", "terus membaca", "untuk membaca", "khusus"),
                r"(?:^|login |masuk |berlangganan |langganan |daftar )untuk (?:melanjutkan|lanjut|terus) membaca|"
                r"\b(?:masuk|login|berlangganan|langgan) untuk membaca|"
                r"\b(?:artikel|konten) ini khusus (?:untuk )?(?:pelanggan|member|anggota)",
            ),
            (
                ("för att fortsätta", "för att läsa", "prenumeranter"),
                r"(?:^|logga in |prenumerera |prenumerant |abonnemang )för att (?:fortsätta (?:att )?läsa|läsa vidare|"
                r"läsa hela artikeln)|\b(?:artikeln|innehållet) är (?:endast|bara) för prenumeranter",
            ),
            (
                ("for at læse", "for at fortsætte", "abonnenter"),
                r"(?:^|log ind |abonnement |abonnent )for at (?:læse (?:videre|hele artiklen|resten)|"
                r"fortsætte (?:med at )?læse)|\b(?:artiklen|indholdet) er (?:kun |forbeholdt )(?:for )?abonnenter",
            ),
            (
                ("for å lese", "for å fortsette", "abonnenter"),
                r"(?:^|logg inn |abonnement |abonnent )for å (?:lese (?:videre|hele saken|hele artikkelen|resten)|"
                r"fortsette å lese)|\b(?:artikkelen|saken) er (?:kun |bare )?for abonnenter",
            ),
            (
                ("lukemista", "lukeaksesi", "kirjaudu", "tilaa ja", "tilaajille"),
                r"\bjatkaaksesi lukemista|\blukeaksesi (?:koko )?(?:artikkelin|jutun)|"
                r"\b(?:kirjaudu(?: sisään)?|tilaa) ja (?:lue|jatka lukemista)|"
                r"\b(?:artikkeli|juttu) on (?:vain )?tilaajille",
            ),
            (
                ("ve čtení", "chcete-li", "předplatitel", "čtěte dál"),
                r"\bpro pokračování ve čtení|\bchcete-li (?:číst dál|pokračovat ve čtení|(?:si )?přečíst celý článek)|"
                r"\b(?:pouze|jen|výhradně) pro předplatitele|\bčtěte dál s předplatným",
            ),
            (
                ("v čítaní", "ak chcete", "predplatiteľ", "čítajte ďalej"),
                r"\bpre pokračovanie v čítaní|\bak chcete (?:čítať ďalej|pokračovať v čítaní|si prečítať celý článok)|"
                r"\b(?:iba|len|výhradne) pre predplatiteľov|\bčítajte ďalej s predplatným",
            ),
            (
                ("pentru a continua", "pentru a citi", "pentru abona"),
                r"(?:^|-te |-vă |abonament |cont )pentru a "
                r"(?:continua (?:lectura|să citești|să citiți|să citiţi|citirea)|citi restul articolului|"
                r"citi (?:tot )?articolul (?:complet|integral|în întregime))|"
                r"\b(?:doar|numai|exclusiv) pentru abona[țţ]i",
            ),
            (
                ("folytatásához", "elolvasásához", "előfizetők"),
                r"\b(?:az olvasás|a cikk) folytatásához|\ba (?:teljes )?cikk elolvasásához|"
                r"\b(?:csak|kizárólag) előfizetők(?:nek| számára)",
            ),
            (
                ("για να συνεχίσετε", "για να διαβάσετε", "συνδρομητ"),
                r"για να (?:συνεχίσετε (?:να διαβάζετε|την ανάγνωση)|διαβάσετε (?:ολόκληρο το άρθρο|το υπόλοιπο|"
                r"τη συνέχεια))|(?:μόνο|αποκλειστικά) για (?:τους )?συνδρομητές",
            ),
            (
                ("щоб продовжити", "щоб читати", "щоб дочитати", "щоб прочитати", "передплатник", "підписник"),
                r"(?:^|(?:передплату|підписку|увійдіть|зареєструйтеся|зареєструйтесь|авторизуйтеся),? )щоб "
                r"(?:продовжити читання|читати далі|дочитати|прочитати (?:повний текст|статтю повністю))|"
                r"(?:лише|тільки) для (?:передплатників|підписників)",
            ),
            (
                ("続きを", "会員限定", "有料会員", "ログインして", "全文を読むには"),
                r"続きを(?:お)?読(?:むには|みいただくには|みいただけます)|記事は(?:有料)?会員限定|有料会員(?:限定(?:記事|の記事|です|コンテンツ)|になると(?:続き|全文))|"
                r"ログインして(?:続きを|全文を)読|全文を読むには",
            ),
            (
                ("登录", "登入", "登錄", "订阅", "訂閱", "继续", "繼續", "付费", "付費"),
                r"(?:登录|登入|登錄|订阅|訂閱)(?:后|後|以|即可)(?:继续|繼續)?(?:阅读|閱讀)|"
                r"(?:继续|繼續)(?:阅读|閱讀)(?:请|請|需要?)(?:先)?(?:登录|登入|登錄|订阅|訂閱)|"
                r"(?:本文|此文)(?:为|為)(?:付费|付費)(?:内容|內容)|(?:付费|付費)(?:会员|會員)(?:专享|專享|限定)(?:内容|內容|文章)",
            ),
            (
                ("려면", "전용"),
                r"(?:계속|이어서) 읽으시?려면[^.\n]{0,20}(?:로그인|구독|회원)|"
                r"(?:전문|전체 기사)(?:을|를)? (?:보시?|읽으시?)려면|(?:유료 ?회원|구독자) 전용 (?:기사|콘텐츠)",
            ),
            (
                ("قراءة", "للمشتركين"),
                r"(?:^|(?:اشترك|سجل|سجّل|الدخول|دخولك)\S* )ل(?:متابعة|مواصلة|إكمال) (?:القراءة|قراءة المقال)|"
                r"(?:المحتوى|المقال|المقالة|الخبر) (?:حصري|متاح|مخصص)ة? (?:فقط )?للمشتركين",
            ),
            (
                ("برای ادامه", "برای مطالعه", "برای خواندن", "برای مشاهده", "مشترکین"),
                r"برای (?:ادامه (?:مطالعه|خواندن)|(?:مطالعه|خواندن|مشاهده) (?:ادامه|متن کامل))[^.\n]{0,30}"
                r"(?:وارد شوید|مشترک شوید|اشتراک|ثبت ?نام)|(?:مطلب|محتوا|مقاله)(?: \S+)? (?:ویژه|فقط برای) مشترکین",
            ),
            (
                ("קריאה", "לקרוא", "מנויים"),
                r"(?:^|הירשמו |התחברו |הצטרפו )(?:להמשך (?:ה)?קריאה|כדי להמשיך לקרוא)|"
                r"(?:הכתבה|המאמר|התוכן)(?: \S+)? (?:זמינה|זמין|מיועדת|מיועד) למנויים בלבד",
            ),
            (
                ("ने के लिए", "सब्सक्राइबर्स"),
                r"(?:आगे|पूरा (?:लेख|आर्टिकल)|पूरी (?:खबर|स्टोरी)) प(?:ढ\u093c?|\u095d)ने के लिए[^।.\n]{0,30}"
                r"(?:लॉग ?इन|लॉगिन|सब्सक्राइब|सदस्यता|साइन ?इन)|(?:केवल|सिर्फ) सब्सक्राइबर्स के लिए",
            ),
            (
                ("để tiếp tục đọc", "để đọc", "dành"),
                r"(?:^|đăng nhập |đăng ký )để (?:tiếp tục đọc|đọc tiếp|đọc (?:toàn bộ|trọn vẹn|đầy đủ) bài)|"
                r"\b(?:bài viết|nội dung) này (?:chỉ )?dành (?:riêng )?cho (?:thành viên|hội viên|người đăng ký)",
            ),
            (
                ("สมัครสมาชิก", "เข้าสู่ระบบ", "ล็อกอิน", "ลงทะเบียน", "สำหรับสมาชิกเท่านั้น"),
                r"(?:สมัครสมาชิก|เข้าสู่ระบบ|ล็อกอิน|ลงทะเบียน)\s?เพื่อ\s?อ่าน(?:ต่อ|บทความ|เนื้อหา|ข่าว)|"
                r"(?:เนื้อหา|บทความ)(?:นี้)?(?:เฉพาะ)?สำหรับสมาชิกเท่านั้น",
            ),
        ),
    ),
    TextRule(
        "paywall",
        STRONG,
        "subscribers-only",
        ("subscriber", "member", "premium"),
        r"\b(?:(?:for|available to) (?:paying |premium |digital )?(?:subscribers|members) only|"
        r"exclusive(?:ly)? (?:for|to) (?:our )?(?:paying |premium |digital )?(?:subscribers|members)|"
        r"subscribers?[- ]only|premium (?:article|story))\b",
    ),
    TextRule(
        "paywall",
        STRONG,
        "sign-in",
        ("sign in", "log in", "already", "free account", "register"),
        r"\b(?:(?:sign|log) in to (?:continue|read|keep)|already (?:a )?subscriber|already (?:a )?member\?|"
        r"already have an account|create (?:a )?free account|register (?:now |for free )?to (?:continue|read))\b",
    ),
    TextRule(
        "paywall",
        STRONG,
        "limit-reached",
        ("reached", "have read", "'ve read", "free article", "article limit"),
        r"\b(?:you(?:'ve| have) (?:reached|read) (?:your|the|all)|free articles? "
        r"(?:left|remaining|this month)|article limit)\b",
    ),
    TextRule(
        "subscription",
        STRONG,
        "subscribe-cta",
        ("subscribe", "trial", "cancel any", "access"),
        r"\b(?:subscribe (?:now|today|here|to (?:continue|read|our|this (?:site|blog))|"
        r"for (?:just|only|free|unlimited|full)|"
        r"and save)|start (?:your|a) (?:free )?trial|cancel any ?time|"
        r"get (?:full|unlimited|digital) access)\b",
    ),
    TextRule(
        "subscription",
        WEAK,
        "price",
        ("$", "€", "£"),
        r"(?:from|for|at) (?:just|only) [$€£]\s?\d|starting (?:from|at) (?:just )?[$€£]|"
        r"[$€£]\s?\d+(?:[.,]\d\d)?\s?(?:per|a|/)\s?(?:month|week|year|mo)\b",
    ),
    TextRule(
        "subscription",
        STRONG,
        "ru-subscribe",
        ("подпис", "чтобы"),
        r"(?:оформите подписку|оформить подписку|доступ(?:ен|но)? только "
        r"(?:для )?подписчик|чтобы (?:продолжить|дочитать)|уже подписчик)",
    ),
    TextRule(
        "subscription",
        STRONG,
        "de-subscribe",
        ("abonn", "weiterlesen", "artikel", "jetzt testen", "abo "),
        r"\b(?:jetzt abonnieren|abonnieren sie|weiterlesen mit|"
        r"nur für abonnenten|bereits abonnent|(?:plus|z\+|f\+)-artikel|"
        r"jetzt (?:testen|weiterlesen)|abo abschließen)\b",
    ),
    TextRule(
        "subscription",
        STRONG,
        "fr-subscribe",
        ("abonn", "la suite", "cet article"),
        r"(?:abonnez-vous|réservée? aux abonnés|déjà abonné|"
        r"la suite (?:est réservée|de cet article)|pour lire la suite|"
        r"cet article (?:vous est offert|est réservé))",
    ),
    TextRule(
        "subscription",
        STRONG,
        "es-subscribe",
        ("suscr", "seguir leyendo", "contenido exclusivo"),
        r"(?:suscríbete|suscribete|sólo para suscriptores|"
        r"solo para suscriptores|ya (?:eres|soy) suscriptor|para seguir leyendo|"
        r"contenido exclusivo para)",
    ),
    TextRule(
        "subscription",
        STRONG,
        "subscribe-foreign",
        ("abbonat", "assine", "assinante", "abonnee", "wykup", "tylko dla"),
        r"(?:\babbonati (?:ora|subito)\b|\bgià abbonato|riservat[oa] agli abbonati|\bassine (?:já|agora)\b|"
        r"exclusivo para assinantes|\bjá é assinante|\bword abonnee\b|alleen voor abonnees|\bal abonnee\b|"
        r"\bwykup (?:subskrypcję|prenumeratę|dostęp)|tylko dla (?:subskrybentów|prenumeratorów))",
    ),
    # --- consent banners
    TextRule(
        "consent",
        STRONG,
        "cookies",
        ("cookie",),
        r"\b(?:(?:we|this (?:site|website)) uses? cookies|accept (?:all )?cookies|"
        r"cookie (?:policy|settings|preferences)|manage (?:your )?(?:cookie|consent|privacy) "
        r"(?:settings|preferences)|(?:wir|diese website) verwende[tn] cookies|"
        r"utilise des cookies|utiliza(?:mos)? cookies|utilizziamo (?:i )?cookie|usamos cookies|"
        r"(?:wij gebruiken|gebruikt) cookies|używa(?:my)? (?:plików )?cookie|используем (?:файлы )?cookie)",
    ),
    # --- ad notices
    TextRule(
        "ad-notice",
        STRONG,
        "ad-free",
        ("ad-free", "ads", "adblock", "ad block", "whitelist"),
        r"\b(?:ad-free (?:content|experience|reading)|disabled (?:all )?ads|(?:turn off|disable|pause) "
        r"(?:your )?ad ?blocker|using an? ad ?blocker|whitelist(?:ing)? (?:us|our site))\b",
    ),
    TextRule(
        "ad-notice",
        WEAK,
        "ad-mention",
        ("ad-free", "ads", "adblock", "ad block"),
        r"\b(?:ad-free|ad ?blockers?|adblock|without ads)\b",
    ),
    TextRule(
        "ad-notice",
        STRONG,
        "ad-label",
        ("advertisement", "sponsored", "anzeige", "werbung", "publicit", "publicidad", "реклама"),
        rf"^(?:{AD_LABELS})$",
    ),
    TextRule(
        "ad-notice",
        STRONG,
        "affiliate-disclosure",
        ("affiliate", "commission", "qualifying purchases", "compensated"),
        r"\b(?:(?:post|article|page|site|blog) (?:may )?contains? (?:some )?affiliate links|"
        r"\b(?:we|i) (?:may )?(?:earn|receive|get|make) (?:a )?(?:small )?(?:commissions?|fee)\b[^.\n]{0,40}"
        r"(?:purchases?|links?|buy|at no (?:extra|additional) cost)|"
        r"if you (?:buy|purchase|click|make a purchase)[^.\n]{0,60}(?:we|i) (?:may )?(?:earn|receive|get|make) "
        r"(?:a )?(?:small )?(?:commission|fee)|"
        r"earns? from qualifying purchases|supported by commissions|may be compensated when you click)",
    ),
    # --- share bars
    TextRule(
        "share",
        STRONG,
        "share-cta",
        (
            "share",
            "tweet",
            "teilen",
            "partager",
            "compartir",
            "поделиться",
            "condividi",
            "compartilh",
            "delen",
            "udostępnij",
            "paylaş",
            "シェア",
            "分享",
            "spread the word",
        ),
        r"^(?:share (?:this|on|via)|share$|click to share|tweet this|teilen$|partager$|compartir$|поделиться|"
        r"condividi$|compartilh(?:e|ar)$|delen$|udostępnij$|paylaş$|シェア(?:する)?$|分享$)|"
        r"\bshare (?:this|it) (?:story |article |post )?with (?:a friend|friends|your)|"
        r"\bhelp (?:me|us) spread the word\b",
    ),
    # --- teasers and related links
    TextRule(
        "teaser",
        STRONG,
        "read-more-label",
        (
            "read",
            "explore further",
            "related",
            "see also",
            "also",
            "more",
            "recommended",
            "you may",
            "you might",
            "miss",
            "stories",
            "trending",
            "popular",
            "watch",
            "listen",
            "click here",
            "leggi",
            "читайте",
            "lesen sie",
            "mehr zum",
            "lire",
            "lee también",
            "te puede",
            "más información",
            "vedi",
            "à lire",
            "recomendamos",
            "relacionadas",
            "leia",
            "veja",
            "lees",
            "czytaj",
            "zobacz",
            "ayrıca",
            "ilgili",
            "関連",
            "相关",
            "相關",
            "관련",
            "přečtěte",
            "čtěte",
            "läs ",
            "læs ",
            "les også",
            "lue myös",
            "citește",
            "διαβάστε",
            "baca juga",
            "xem thêm",
            "đọc thêm",
            "اقرأ",
            "بیشتر",
            "भी पढ़ें",
        ),
        r"^[\[(]?(?:read (?:more|also|next)|related(?: (?:articles?|stories|coverage|"
        r"content|reading|video))?|see also|also(?: read| on| see)?|more|more from [\w ]{1,30}|"
        r"recommended(?: for you)?|you (?:may|might) (?:also )?like|(?:don't|do not) miss|"
        r"(?:top|more) stories|trending(?: now)?|most (?:popular|read)|watch|listen|see more|"
        r"explore further|leggi anche su|читайте (?:нас|еще|ещё)|lesen sie mehr|a lire aussi|"
        rf"te puede interesar|más información|{FOREIGN_TEASER_LABELS})\s*(?:[:|»›\]\-–—：]|$)",
    ),
    TextRule(
        "teaser",
        STRONG,
        "headline-read-more",
        ("read more", "read also", "more on", "learn more"),
        r"^[^.!?\n]{3,160}:\s*(?:read more|read also|more on|learn more)\b",
    ),
    TextRule(
        "teaser",
        STRONG,
        "bracket-label",
        ("[",),
        r"\[(?:insight|video|pics|pictures|reaction|news|poll|latest)\]\s*\|?$",
    ),
    TextRule(
        "teaser",
        STRONG,
        "get-the-app",
        (" app", "click here"),
        r"\b(?:get the [\w ]{1,30} app|download (?:our|the) app|"
        r"click here to (?:get|sign|subscribe|read|watch))\b",
    ),
    # --- social follow lines, reprint and copyright notices
    *by_language(
        "other",
        STRONG,
        "follow-us",
        (
            # "Like … on Facebook" names no trigger of its own: tried wherever any language's trigger occurs
            (
                (
                    *("follow", "like us", "join us", "subscribe to", "connect", "updates from", "подписывайтесь"),
                    *("abonnez-vous", "suivez-nous", "suscríbete", "síguenos", "abonnieren sie", "folgen sie uns"),
                    *("iscriviti", "seguici", "inscreva-se", "siga-nos", "volg ons", "obserwuj nas", "śledź nas"),
                    *("polub nas", "bizi", "ikuti kami", "följ oss", "følg os", "seuraa meitä", "sledujte nás"),
                    *("urmări", "urmăre", "kövess", "ακολουθήστε", "підписуйтес", "стежте за нами"),
                    "слідкуйте за нами",
                    *("フォロー", "关注", "關注", "追踪", "追蹤", "팔로우", "구독", "친구", "تابعونا", "تابعنا"),
                    *("دنبال کنید", "بپیوندید", "אחרינו", "ॉलो", "ालो", "theo dõi", "ติดตาม"),
                ),
                r"^(?:follow|subscribe to|like|join) (?:us|[\w'’@ .-]{1,60}?) on "
                r"(?:twitter|facebook|instagram|linkedin|youtube|telegram|tiktok|threads|bluesky|mastodon)\b",
            ),
            (
                ("follow", "connect", "updates from"),
                r"^(?:follow us|connect with us|stay connected with (?:us|me))[!.:]?$|"
                r"\bget updates from this (?:writer|author)\b",
            ),
            # "Subscribe to our channel", "Follow us on": the closing line of many news sites, in their languages
            (("подписывайтесь",), r"^подписывайтесь на (?:наш|нас\b)"),
            (("abonnez-vous", "suivez-nous"), r"^(?:abonnez-vous à not|suivez-nous sur)"),
            (("suscríbete", "síguenos"), r"^(?:suscríbete a nuestr|síguenos en)"),
            (("abonnieren sie", "folgen sie uns"), r"^(?:abonnieren sie unser|folgen sie uns auf)"),
            (("iscriviti", "seguici"), r"^(?:iscriviti al nostr|seguici su)"),
            (("inscreva-se", "siga-nos"), r"^(?:inscreva-se n[oa] noss|siga-nos n)"),
            (("volg ons",), r"^volg ons (?:op|via)\b"),
            (("obserwuj nas", "śledź nas", "polub nas"), r"^(?:obserwuj|śledź|polub) nas (?:na|w)\b"),
            (("bizi",), r"^bizi (?:[\w'’ ]{1,40} )?takip ed(?:in|iniz)\b"),
            (("ikuti kami", "follow"), r"^(?:ikuti|follow) kami (?:di|pada|melalui)\b"),
            (("följ oss",), r"^följ oss (?:på|i)\b"),
            (("følg os",), r"^følg oss? (?:på|i)\b"),
            (("seuraa meitä",), r"^seuraa meitä\b"),
            (("sledujte nás",), r"^sledujte nás\b"),
            (("urmări", "urmăre"), r"^urmăr(?:iți|iţi|ește|eşte)-ne\b"),
            (("kövess",), r"^kövess(?:en|etek)? minket\b"),
            (("ακολουθήστε",), r"^ακολουθήστε (?:μας|το [\w.-]{1,40} στ[οα])\b"),
            (
                ("підписуйтес", "стежте за нами", "слідкуйте за нами"),
                r"^(?:підписуйтес[ья] на (?:наш|нас\b)|стежте за нами|слідкуйте за нами)",
            ),
            (
                ("关注", "關注", "追踪", "追蹤"),
                r"^(?:欢迎|请|請)?(?:关注|關注|追踪|追蹤)(?:我们|我們)的?(?:微信|微博|公众号|公眾號|官方|[a-z]|[：:!！。]?$)",
            ),
            (
                ("تابعونا", "تابعنا"),
                r"^(?:تابعونا|تابعنا) (?:على|عبر) (?:\S+ )?(?:فيسبوك|فيس بوك|تويتر|إنستغرام|انستغرام|انستجرام|يوتيوب|"
                r"تيليجرام|تلغرام|تليجرام|منصة|مواقع التواصل|شبكات التواصل|حساب|قناة|صفحة|تطبيق|[a-z])",
            ),
            (
                ("دنبال کنید", "بپیوندید"),
                r"^(?:ما را (?:در [^\n]{1,40}? )?دنبال کنید|به کانال [^\n]{1,30}? ما بپیوندید)",
            ),
            (("אחרינו",), r"^(?:עקבו|עקוב|עקבי) אחרינו"),
            (("ॉलो", "ालो"), r"^हमें [^\n]{0,60}?(?:फ\u093c?|\u095e)(?:ॉलो|ालो) करें"),
            (
                ("theo dõi",),
                r"^(?:hãy )?theo dõi (?:chúng tôi|[\w .]{1,40}?) (?:trên|tại|qua) "
                r"(?:facebook|zalo|youtube|tiktok|twitter|instagram|google|fanpage|kênh|mạng xã hội)",
            ),
            (("ติดตาม",), r"^(?:กด)?ติดตาม(?:เรา|ข่าวสาร(?:เพิ่มเติม)?)(?:ได้)?(?:ที่|ทาง|บน)"),
            # Japanese and Korean name the network before the verb: "公式Xをフォローしてください", "채널을 구독하세요"
            (
                ("フォロー",),
                r"(?:アカウント|twitter|x|facebook|instagram|sns|line|youtube|tiktok)(?:を|で)フォロー"
                r"(?:してください|しよう|お願いします|して最新)|フォローして最新(?:情報|ニュース)",
            ),
            (
                ("팔로우", "구독", "친구"),
                r"(?:페이스북|트위터|인스타그램|유튜브|카카오톡|텔레그램|x|채널)(?:에서|을|를)? ?"
                r"(?:팔로우|구독|친구 ?추가)(?:하세요|하기(?!\w)(?! 위)|해 ?주세요)",
            ),
        ),
    ),
    TextRule(
        "other",
        STRONG,
        "comment-gate",
        ("comment", "reply", "kommentar", "kommentier", "commenter", "commentaire", "comentar", "комментари"),
        r"\b(?:(?:sign|log) ?in|register|create an account|logged in|be a (?:registered )?member)\b[^.!?\n]{0,40}?"
        r"\b(?:to|in order to) (?:(?:leave|post|add|write|submit) )?(?:a |your )?(?:comment|reply)[.!]?$|"
        r"\bum (?:einen |zu )?kommentar\w* (?:zu )?(?:schreiben|verfassen|abzugeben)|\ban,? um zu kommentieren|"
        r"\b(?:connectez-vous|inscrivez-vous|être connecté) pour "
        r"(?:commenter|(?:laisser|poster|publier) un commentaire)|"
        r"\b(?:inicia sesión|iniciar sesión|regístrate) para (?:comentar|dejar un comentario|publicar un comentario)|"
        r"(?:войдите|авторизуйтесь|зарегистрируйтесь),? чтобы (?:оставить комментарий|комментировать)",
    ),
    TextRule(
        "other",
        STRONG,
        "form-consent",
        (
            "by submitting",
            "by clicking",
            "by signing up",
            "by providing",
            "by entering",
            "i agree",
            "i consent",
            "absenden",
            "en soumettant",
            "en cliquant",
            "al enviar",
            "al hacer clic",
        ),
        r"\bby (?:submitting|clicking|signing up|providing|entering)\b[^.\n]{0,80}\b(?:you|i) (?:agree|consent)|"
        r"\bi (?:agree|consent) (?:that|to)\b[^.\n]{0,80}\b(?:contact|email|text|call) me\b|"
        r"\bmit dem absenden\b[^.\n]{0,60}\b(?:stimmen sie|erklären sie sich|akzeptieren sie)|"
        r"\ben (?:soumettant|cliquant)\b[^.\n]{0,60}\bvous acceptez|"
        r"\bal (?:enviar|hacer clic)\b[^.\n]{0,60}\b(?:aceptas|acepta)\b",
    ),
    TextRule(
        "other",
        WEAK,
        "follow-author",
        ("follow", "reach", "write to", "email", "contact", "@"),
        r"\bfollow (?:him|her|them|me|us) (?:on|@)|\b(?:write to|email|e-mail|reach(?:ed)?|contact) "
        r"[\w .'’-]{0,40}?(?:at|via) [\w.+-]+@[\w-]+\.\w+",
    ),
    TextRule(
        "other",
        STRONG,
        "dateline",
        (
            "updated",
            "published",
            "posted",
            "modified",
            "aktualisiert",
            "publié",
            "mis à jour",
            "actualizado",
            "обновлено",
        ),
        r"^[-–•]?\s*(?:last )?(?:updated|published|posted|modified|aktualisiert|publié|mis à jour|actualizado|"
        r"обновлено)(?: at| on)?:?\s[^\n]{0,40}\d[^\n]{0,20}$",
    ),
    TextRule(
        "other",
        STRONG,
        "reading-time",
        ("read", "lesezeit", "lecture", "lectura", "leitura", "lettura", "leestijd", "чтения"),
        r"^[-–•·]?\s*(?:\d+\s*(?:minutes?|minutos|minuti|minuten|mins?|min|минут\w*|мин)\.?\s*"
        r"(?:read|de lecture|de lectura|de leitura|di lettura|lesezeit|leestijd|чтения)|"
        r"(?:reading time|lesezeit|temps de lecture|lecture|tiempo de lectura|tempo de leitura|tempo di lettura|"
        r"leestijd|время чтения)\s*:?\s*\d+\s*(?:minutes?|minutos|minuti|minuten|mins?|min|минут\w*|мин)\.?)$",
    ),
    TextRule(
        "other",
        STRONG,
        "pager",
        (
            "next",
            "previous",
            "prev",
            "older",
            "newer",
            "artikel",
            "article",
            "artículo",
            "articolo",
            "artigo",
            "artykuł",
            "статья",
        ),
        r"^(?:(?:next|previous|prev|older|newer) (?:article|post|story|entry)|"
        + "|".join(OTHER_LANGUAGE_PAGER_LABELS)
        + r")\s*[:»›>]",
    ),
    TextRule(
        "other",
        STRONG,
        "member-stats",
        (
            "join",
            "registered",
            "member since",
            "seit",
            "inscrit",
            "fecha de",
            "registrado",
            "регистрация",
            "на форуме",
            "posts",
            "beiträge",
            "messages",
            "mensajes",
            "mensagens",
            "berichten",
            "сообщени",
        ),
        r"^(?:(?:join(?:ed| date)|registered|member since|mitglied seit|registriert seit|dabei seit|inscrit le|"
        r"inscrit depuis|fecha de (?:ingreso|registro)|registrado|регистрация|на форуме с)\s*:\s*\S[^\n]{0,30}|"
        r"(?:posts|beiträge|messages|mensajes|mensagens|berichten|сообщений|сообщения)\s*:\s*[\d.,]+)$",
    ),
    TextRule(
        "other",
        STRONG,
        "page-count",
        ("page", "seite", "página", "pagina", "страница"),
        r"^(?:page|seite|página|pagina|страница) \d+ (?:of|von|de|sur|di|из) \d+$",
    ),
    TextRule(
        "other",
        STRONG,
        "tags-label",
        ("tags", "topics", "filed under", "schlagwörter", "etiquetas", "теги"),
        r"^(?:tags|topics|filed under|schlagwörter|etiquetas|теги):?$",
    ),
    TextRule(
        "other",
        STRONG,
        "reprints",
        ("reprint", "print article", "this copy", "rights reserved", "copyright", "©"),
        r"\b(?:order reprints|print article|this copy is for your personal|"
        r"all rights reserved|copyright ©|© \d{4})\b",
    ),
)

# Short lines that are interface controls, never prose.
CONTROL_LABELS: Final[frozenset[str]] = frozenset(
    {
        "×",
        "x",
        "close",
        "continue",
        "once",
        "monthly",
        "annual",
        "annually",
        "yearly",
        "one-time",
        "one time",
        "weekly",
        "payment methods",
        "donate",
        "subscribe",
        "sign up",
        "sign in",
        "log in",
        "register",
        "skip",
        "dismiss",
        "accept",
        "accept all",
        "reject all",
        "ok",
        "got it",
        "no thanks",
        "read more",
        "more",
        "share",
        "tweet",
        "email",
        "print",
        "comments",
        "menu",
        "search",
        "advertisement",
        "подписаться",
        "поддержать",
        "закрыть",
        "ежемесячно",
        "разово",
        "abonnieren",
        "spenden",
        "schließen",
        "monatlich",
        "einmalig",
        "jährlich",
        "s'abonner",
        "fermer",
        "mensuel",
        "ponctuel",
        "suscribirse",
        "cerrar",
        "mensual",
        "donar",
        "chiudi",
        "abbonati",
        "dona",
        "mensile",
        "fechar",
        "assinar",
        "doar",
        "mensal",
        "sluiten",
        "abonneren",
        "doneren",
        "maandelijks",
        "zamknij",
        "subskrybuj",
        "wesprzyj",
        "miesięcznie",
        "support us",
        "jetzt unterstützen",
        "get started",
        "get started today",
        "learn more",
        "shop now",
        "buy now",
        "view on amazon",
        "get a quote",
        "request a quote",
        "book a demo",
        "request a demo",
        "contact us",
        "contact us today",
        "mehr erfahren",
        "jetzt kaufen",
        "kontaktieren sie uns",
        "en savoir plus",
        "acheter maintenant",
        "contactez-nous",
        "más información",
        "comprar ahora",
        "contáctanos",
        "contáctenos",
        "scopri di più",
        "acquista ora",
        "contattaci",
        "saiba mais",
        "compre agora",
        "fale conosco",
        "meer informatie",
        "koop nu",
        "neem contact op",
        "dowiedz się więcej",
        "kup teraz",
        "skontaktuj się z nami",
        "подробнее",
        "купить сейчас",
        "связаться с нами",
        "table of contents",
        "contents",
        "in this article",
        "on this page",
        "inhaltsverzeichnis",
        "sommaire",
        "table des matières",
        "tabla de contenidos",
        "índice",
        "sommario",
        "indice",
        "inhoudsopgave",
        "spis treści",
        "содержание",
        "оглавление",
        "add to cart",
        "add to bag",
        "sort and filter",
        "filter & sort",
        "filter and sort",
        "sort by",
        "back to blog",
        "back to top",
        "next article",
        "previous article",
        "next post",
        "previous post",
        "see all reviews",
        "pin for later",
        "pin it",
        "follow us",
        "load more",
        "show more",
        "in den warenkorb",
        "ajouter au panier",
        "añadir al carrito",
        "aggiungi al carrello",
        "adicionar ao carrinho",
        "in winkelwagen",
        "dodaj do koszyka",
        "в корзину",
        "sortieren nach",
        "trier par",
        "ordenar por",
        "ordina per",
        "sorteer op",
        "sortuj według",
        "сортировать по",
        "nach oben",
        "retour en haut",
        "volver arriba",
        "torna su",
        "voltar ao topo",
        "terug naar boven",
        "do góry",
        "наверх",
        *OTHER_LANGUAGE_PAGER_LABELS,
        "folgen sie uns",
        "suivez-nous",
        "síguenos",
        "seguici",
        "siga-nos",
        "volg ons",
        "obserwuj nas",
        "mehr laden",
        "mehr anzeigen",
        "charger plus",
        "afficher plus",
        "cargar más",
        "mostrar más",
        "carica altro",
        "mostra altro",
        "carregar mais",
        "mostrar mais",
        "meer laden",
        "toon meer",
        "załaduj więcej",
        "pokaż więcej",
        "загрузить ещё",
        "показать ещё",
    }
)

# Blocks that open a related-links list: the list items after them are teasers too.
TEASER_HEADINGS: Final = (
    r"^(?:related|read (?:more|also|next)|more (?:from|on|stories|news|in)|see also|also read|"
    r"recommended|you (?:may|might) (?:also )?like|don't miss|trending|most (?:popular|read)|"
    rf"further reading|explore further|latest (?:news|stories)|top stories|{FOREIGN_TEASER_LABELS})(?!\w)"
)
"""Ends where no word character follows, not at a word boundary: a Hindi label ends in a vowel sign,
which is no word character either."""

# Cues that add up at the end of an article: none marks a block alone, several in the closing blocks
# make those blocks an appeal. Payment details are the same in every language; the words for readers
# are listed for the languages the rules above cover.
PAYMENT_DETAILS: Final = (
    r"\b(?:iban|bic|swift|sepa|paypal|patreon|liberapay|ko-fi)\b|"
    r"\b[a-z]{2}\d{2}(?: ?[a-z0-9]{4}){3,7}\b"  # an IBAN
)
READER_WORDS: Final = (
    r"\b(?:readers?|leser(?:innen)?|lecteurs?|lectrices?|lectores|lettori|leitores|lezers|czytelni\w*|читател\w*)\b"
)
