"""The paragraph classifier: appeals and calls to action in several languages, and the prose it must leave alone."""

from __future__ import annotations

import pytest

from scraper.extraction.classify import classify, find_hits, is_control_label, is_teaser_heading
from scraper.extraction.vocabulary import TEXT_RULES

CHROME = [
    ("Support us", "donation"),
    ("Your support, no matter how small, makes a world of difference.", "donation"),
    ("We need your help to keep providing you with the truth.", "donation"),
    ("Not ready to support today? Remind me later.", "donation"),
    ("Become a member today and get unlimited access.", "donation"),
    ("Поддержите нашу редакцию — сделайте пожертвование.", "donation"),
    ("Jetzt unterstützen: Ihre Spende sichert unabhängigen Journalismus.", "donation"),
    ("Soutenez une rédaction indépendante : faites un don.", "donation"),
    ("Apóyanos: haz una donación y mantén vivo el periodismo independiente.", "donation"),
    ("Sostienici: fai una donazione.", "donation"),
    ("Faça uma doação e apoie o nosso jornalismo.", "donation"),
    ("Steun ons: doneer nu.", "donation"),
    ("Wesprzyj nas — przekaż darowiznę.", "donation"),
    ("Contenuto riservato agli abbonati. Abbonati ora.", "subscription"),
    ("Schrijf je in voor onze nieuwsbrief.", "newsletter"),
    ("Subscribe now to continue reading.", "paywall"),
    ("This article is for subscribers only. Already a subscriber? Sign in to continue.", "paywall"),
    ("You have reached your limit of free articles this month.", "paywall"),
    ("Start your free trial. Cancel anytime.", "subscription"),
    ("Cet article est réservé aux abonnés. Abonnez-vous pour lire la suite.", "paywall"),
    ("Jetzt abonnieren und weiterlesen mit Z+.", "subscription"),
    ("Suscríbete para seguir leyendo.", "paywall"),
    ("Оформите подписку, чтобы продолжить чтение.", "paywall"),
    ("Sign up for our daily newsletter, delivered straight to your inbox.", "newsletter"),
    ("Подпишитесь на нашу рассылку.", "newsletter"),
    ("We use cookies to improve your experience. Accept all cookies.", "consent"),
    ("Utilizziamo i cookie per migliorare la tua esperienza.", "consent"),
    ("Wij gebruiken cookies om onze website te verbeteren.", "consent"),
    ("Ta strona używa plików cookies.", "consent"),
    ("Condividi", "share"),
    ("Udostępnij", "share"),
    ("Enjoying ad-free content?", "ad-notice"),
    ("Advertisement", "ad-notice"),
    ("Disclosure: if you buy through affiliate links, I may earn a small commission.", "ad-notice"),
    ("As an Amazon Associate we earn from qualifying purchases.", "ad-notice"),
    ("This post may contain affiliate links.", "ad-notice"),
    ("Share this article with a friend!", "share"),
    ("Read more: Alibaba poised to launch record-breaking listing", "teaser"),
    ("Mao comes to Moscow: Read more on how Russia's break with the West has seen China's soft power grow.", "teaser"),
    ("[Related: Salesforce keynote: AI, integration and protests]", "teaser"),
    ("Lesen Sie auch: Die Bahn streicht weitere Verbindungen", "teaser"),
    ("Читайте также: В Москве открылась новая станция метро", "teaser"),
    ("À lire aussi : la réforme des retraites adoptée", "teaser"),
    ("Follow us on Twitter and Instagram.", "other"),
    ("Connect with us", "other"),
    ("Подписывайтесь на наш канал в Telegram, чтобы первыми узнавать главные новости города.", "other"),
    ("Suivez-nous sur Facebook et Instagram.", "other"),
    ("Síguenos en Twitter", "other"),
    ("Folgen Sie uns auf Instagram!", "other"),
    ("Seguici su Facebook", "other"),
    ("Join Medium for free to get updates from this writer.", "other"),
    ("Join our mailing list! Get a note when an episode is published.", "newsletter"),
    ("Subscribe to this site", "subscription"),
    ("Get the latest news about our live events and online courses.", "newsletter"),
    ("Create an account or sign in to comment", "other"),
    ("You need to be a member in order to leave a comment", "other"),
    ("You must be logged in to post a comment.", "other"),
    ("Melden Sie sich an, um zu kommentieren.", "other"),
    ("Connectez-vous pour laisser un commentaire.", "other"),
    ("Inicia sesión para comentar", "other"),
    ("Войдите, чтобы оставить комментарий", "other"),
    ("By entering your email, you agree to receive our emails, including marketing emails.", "other"),
    ("Terms of submitting this form: I agree that the university may contact me by email.", "other"),
    ("Mit dem Absenden des Formulars stimmen Sie der Datenschutzerklärung zu.", "other"),
    ("Updated at 1:23 p.m.", "other"),
    ("Page 1 of 8", "other"),
    ("Seite 2 von 5", "other"),
    ("Join Date: Aug 2008", "other"),
    ("Posts: 1,077", "other"),
    ("Mitglied seit: 12.03.2011", "other"),
    ("Next article: Go wins award\nPrevious article: Share memory\nBlog index", "other"),
    ("Article suivant : la réforme des retraites", "other"),
    ("Help us spread the word about this podcast!", "share"),
    ("- 11 min read", "other"),
    ("Lesezeit: 4 Min.", "other"),
    ("Temps de lecture : 3 min", "other"),
    ("5 minutos de lectura", "other"),
    ("5 min de lecture", "other"),
    ("4 Minuten Lesezeit", "other"),
    ("Время чтения: 5 минут", "other"),
]

PROSE = [
    "Finland, already a member of the European Union, joined the alliance in April.",
    "The streaming service raised prices for subscribers in three countries this week.",
    "She went on to become a member of parliament in 2019, the first from her district.",
    "Customers who subscribe for a year get the third month free, the company said.",
    "Related to this, the ministry said it would review the rules next spring.",
    "Tickets cost as little as $5 for children under twelve.",
    "The charity said donations had doubled since the flood, and volunteers handed out blankets all night.",
    '"We rely on donations from people in this town," the shelter\'s director said on Tuesday.',
    "The newspaper said digital subscriptions rose 12 percent last year, while print sales kept falling.",
    "Readers of the magazine's newsletter were the first to learn of the merger, the company said.",
    "The council voted to support the new cycling plan after a three-hour debate.",
    "Die Stadt will die Spendenaktion im nächsten Jahr wiederholen, sagte der Bürgermeister.",
    "Le journal a perdu des abonnés après la hausse des prix, selon ses comptes annuels.",
    "El museo recibió una donación de 40 obras de un coleccionista privado.",
    "Компания сообщила, что число подписчиков сервиса выросло вдвое.",
    "Il museo ha ricevuto una donazione di 40 opere da un collezionista privato.",
    "De gemeente steunt het nieuwe fietsplan na een debat van drie uur.",
    "O jornal perdeu assinantes depois do aumento dos preços, segundo as contas anuais.",
    "Rada miasta poparła nowy plan budowy dróg rowerowych po trzygodzinnej debacie.",
    "This comes less than a week after Bloomberg reported an inquiry into potential rule violations.",
    "Sign up for 4 months of Amazon Music Unlimited for just $1, a deal that ends on Monday.",
    "Shoigu said the drills would promote peace rather than threaten other countries.",
    "The senator declined to comment, and her office did not reply to a request sent on Friday.",
    "Users must log in to reply to threads, a rule the forum adopted in 2019 after a wave of spam.",
    "Streamers earn a commission when viewers buy games, gear or software through their affiliate links.",
    "Secondary models include freemium access, sponsorships and affiliate marketing.",
    "The report is a 5 min read on the train, and worth every minute of it.",
    "Lecture 3",
    "The next article in this series looks at the budget of the water board.",
    "Join me on TikTok: we cook one new dish from the book every Sunday evening.",
    "As always, thanks so much for visiting the blog! I appreciate your support!",
    "I want to thank everyone who sponsors this project: your support is very much appreciated.",
    "Create your gift registry and assign someone to pack up your gifts after the reception.",
    "I agree that the plan is sound, the mayor said after the vote on Tuesday night.",
    "To get the latest news, the editors checked the wires every hour through the night.",
    "By clicking the map you can zoom in on each district and see its turnout.",
    "Пользователи, которые подписываются на наш сервис, получают скидку, сообщила компания.",
    "Wir folgen Sie uns auf Schritt und Tritt nicht, sagte der Sprecher der Polizei.",
]


@pytest.mark.parametrize(("text", "kind"), CHROME, ids=[text[:40] for text, _ in CHROME])
def test_chrome_paragraphs_are_recognised(text: str, kind: str) -> None:
    verdict = classify(text, at_edge=True)
    assert verdict is not None
    assert verdict.kind == kind


@pytest.mark.parametrize("text", PROSE, ids=[text[:40] for text in PROSE])
def test_article_sentences_mentioning_money_and_subscriptions_stay(text: str) -> None:
    assert classify(text) is None


def test_a_weak_phrase_counts_only_at_the_edge() -> None:
    text = "Independent journalism matters."
    assert classify(text) is None
    assert classify(text, at_edge=True) is not None


def test_a_quoted_appeal_in_a_story_is_not_the_site_asking() -> None:
    assert classify('"Support us," the protesters chanted outside the ministry.') is None


def test_long_prose_with_one_appeal_phrase_stays() -> None:
    text = " ".join(["The mayor spent most of the evening defending the budget line by line."] * 6)
    text += " She asked residents to support us in the vote."
    assert classify(text) is None


def test_a_long_appeal_dense_with_calls_to_action_goes() -> None:
    text = (
        "We have a small favour to ask. More people are reading us than ever, but we need your support. "
        "Unlike many others, our journalism is open to all. Your support, no matter how small, keeps it free. "
        "Support us from as little as $1 – it only takes a minute. Make a donation today and become a member "
        "of a community that keeps independent journalism alive for everyone who cannot pay."
    )
    assert classify(text) is not None


def test_every_rule_can_fire_through_its_triggers() -> None:
    examples = {
        "support-us": "Support us",
        "donate-cta": "Donate now",
        "your-support": "Your support matters",
        "need-help": "We need your help",
        "membership-pitch": "If you enjoyed this article, join us",
        "member-benefits": "Members get unlimited access",
        "become-member": "Become a member",
        "any-amount": "Every contribution counts, no matter how small",
        "small-amounts": "Gifts are tax-deductible",
        "independent-journalism": "Independent journalism",
        "appeal-opener": "A message from the editor:",
        "not-ready": "Remind me later",
        "ru-donate": "Поддержите нас",
        "de-donate": "Jetzt unterstützen",
        "fr-donate": "Faites un don",
        "es-donate": "Apóyanos",
        "it-donate": "Sostienici",
        "pt-donate": "Faça uma doação",
        "nl-donate": "Steun ons",
        "pl-donate": "Wesprzyj nas",
        "appeal-salutation": "Cari lettori,",
        "continue-reading": "Subscribe to continue reading",
        "subscribers-only": "Available to subscribers only",
        "sign-in": "Sign in to continue",
        "limit-reached": "You have reached your limit",
        "continue-reading-foreign": "Um weiterzulesen, melden Sie sich an",
        "subscribe-cta": "Subscribe now",
        "price": "Only $4.99 a month",
        "ru-subscribe": "Оформите подписку",
        "de-subscribe": "Jetzt abonnieren",
        "fr-subscribe": "Abonnez-vous",
        "es-subscribe": "Suscríbete",
        "subscribe-foreign": "Abbonati ora",
        "newsletter-signup": "Sign up for our newsletter",
        "newsletter-word": "Our newsletter",
        "newsletter-foreign": "Подпишитесь на рассылку",
        "cookies": "We use cookies",
        "ad-free": "Enjoying ad-free content?",
        "ad-mention": "Please turn off your adblock",
        "ad-label": "Advertisement",
        "affiliate-disclosure": "This site contains affiliate links",
        "share-cta": "Share this",
        "read-more-label": "Read more: a headline",
        "headline-read-more": "A headline: Read more on this",
        "bracket-label": "A headline [VIDEO]",
        "get-the-app": "Click here to get the app",
        "follow-us": "Follow us on Twitter",
        "comment-gate": "Log in to post a comment",
        "form-consent": "By submitting this form you agree to our terms",
        "follow-author": "Write to Jane Doe at jane@example.com",
        "dateline": "Updated at 1:23 p.m.",
        "reading-time": "6 min read",
        "page-count": "Page 1 of 8",
        "member-stats": "Joined: March 2011",
        "pager": "Next post: a headline",
        "tags-label": "Tags",
        "reprints": "Order reprints",
    }
    assert set(examples) == {rule.name for rule in TEXT_RULES}
    for name, text in examples.items():
        assert name in {hit.rule for hit in find_hits(text)}, name


@pytest.mark.parametrize(
    "label", ["×", "Once", "Monthly", "Annual", "Continue", "Payment methods", "Close", "Chiudi", "Sluiten", "Zamknij"]
)
def test_buttons_are_control_labels(label: str) -> None:
    assert is_control_label(label)


@pytest.mark.parametrize(
    "label",
    [
        "Add to Cart",
        "Get started today",
        "Learn more",
        "View on Amazon",
        "CONTACT US",
        "En savoir plus",
        "Jetzt kaufen",
        "Подробнее",
        "Table of Contents",
        "Inhaltsverzeichnis",
        "Filter & Sort",
        "Sort by:",
        "Back to top",
        "Next article:",
        "Previous post",
        "See all reviews",
        "PIN FOR LATER",
        "Load more",
        "In den Warenkorb",
        "Trier par",
        "Artículo anterior",
        "Torna su",
        "Pokaż więcej",
        "Следующая статья",
    ],
)
def test_shop_and_navigation_controls_are_control_labels(label: str) -> None:
    assert is_control_label(label)


def test_a_word_of_prose_is_not_a_control_label() -> None:
    assert not is_control_label("Moscow")
    assert not is_control_label("Sort by price before you add anything to your cart.")


@pytest.mark.parametrize(
    "text",
    [
        "Related",
        "More from Politics",
        "Read more",
        "Читайте также",
        "Lesen Sie auch:",
        "À lire également :",
        "Te recomendamos",
        "Leia também",
        "Lees ook:",
        "Czytaj także",
        "関連記事",
        "相关阅读",
        "관련기사",
        "Baca juga",
        "Läs också:",
        "Διαβάστε επίσης",
        "اقرأ أيضا",
        "यह भी पढ़ें:",
    ],
)
def test_teaser_headings(text: str) -> None:
    assert is_teaser_heading(text)


def test_a_headline_that_starts_like_a_label_but_is_long_is_not_a_teaser_heading() -> None:
    assert not is_teaser_heading("Related " + "words " * 30)


def test_an_appeal_quoted_mid_sentence_is_reporting() -> None:
    text = 'Police are asking for the public\'s help. "We need your help to find him," Sgt. Miller said.'
    assert classify(text, at_edge=True) is None


def test_the_same_appeal_unquoted_is_chrome() -> None:
    assert classify("We need your help to keep this site running.", at_edge=True) is not None


def test_a_german_story_about_independent_journalism_is_not_an_appeal() -> None:
    text = "Der Verband fordert mehr Schutz für unabhängigen Journalismus in der Region."
    assert classify(text) is None
