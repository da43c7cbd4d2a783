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


# Newsletter, paywall and follow-us lines in the other languages the teaser labels know, with ordinary
# article sentences about subscribing, following and reading in those languages that must stay.
MORE_LANGUAGES_CHROME = [
    ("nl", "Schrijf je in voor onze nieuwsbrief en ontvang elke ochtend het belangrijkste nieuws.", "newsletter"),
    ("nl", "Log in om dit artikel te lezen.", "paywall"),
    ("nl", "Volg ons op Facebook en Instagram.", "other"),
    ("pl", "Zapisz się do naszego newslettera, aby otrzymywać najważniejsze wiadomości.", "newsletter"),
    ("pl", "Zaloguj się, aby przeczytać cały artykuł.", "paywall"),
    ("pl", "Obserwuj nas na Facebooku i Twitterze.", "other"),
    ("tr", "En son haberleri almak için e-bültenimize abone olun.", "newsletter"),
    ("tr", "Okumaya devam etmek için giriş yapın veya abone olun.", "paywall"),
    ("tr", "Bizi Facebook ve Twitter'da takip edin.", "other"),
    ("id", "Berlangganan newsletter kami untuk mendapatkan berita terbaru setiap pagi.", "newsletter"),
    ("id", "Silakan login untuk melanjutkan membaca artikel ini.", "paywall"),
    ("id", "Ikuti kami di Instagram dan TikTok.", "other"),
    ("ms", "Langgan buletin kami untuk berita terkini.", "newsletter"),
    ("sv", "Prenumerera på vårt nyhetsbrev och få de senaste nyheterna.", "newsletter"),
    ("sv", "För att fortsätta läsa behöver du ett abonnemang.", "paywall"),
    ("sv", "Följ oss på Facebook och Instagram.", "other"),
    ("da", "Tilmeld dig vores nyhedsbrev og få dagens vigtigste historier.", "newsletter"),
    ("da", "Log ind for at læse hele artiklen.", "paywall"),
    ("da", "Følg os på Facebook.", "other"),
    ("no", "Meld deg på nyhetsbrevet vårt.", "newsletter"),
    ("no", "Logg inn for å lese hele saken.", "paywall"),
    ("no", "Følg oss på Instagram og Facebook.", "other"),
    ("fi", "Tilaa uutiskirjeemme ja saat tuoreimmat uutiset sähköpostiisi.", "newsletter"),
    ("fi", "Kirjaudu sisään ja jatka lukemista.", "paywall"),
    ("fi", "Seuraa meitä Facebookissa ja Instagramissa.", "other"),
    ("cs", "Přihlaste se k odběru našeho newsletteru.", "newsletter"),
    ("cs", "Článek je dostupný pouze pro předplatitele.", "paywall"),
    ("cs", "Sledujte nás na Facebooku a Instagramu.", "other"),
    ("sk", "Prihláste sa na odber nášho newslettera.", "newsletter"),
    ("sk", "Ak chcete čítať ďalej, prihláste sa alebo si kúpte predplatné.", "paywall"),
    ("sk", "Sledujte nás na Facebooku.", "other"),
    ("ro", "Abonează-te la newsletter-ul nostru pentru cele mai noi știri.", "newsletter"),
    ("ro", "Pentru a continua lectura, autentifică-te sau abonează-te.", "paywall"),
    ("ro", "Urmăriți-ne pe Facebook și Instagram.", "other"),
    ("hu", "Iratkozz fel hírlevelünkre, és elsőként értesülsz a hírekről!", "newsletter"),
    ("hu", "A cikk folytatásához jelentkezzen be vagy fizessen elő.", "paywall"),
    ("hu", "Kövess minket a Facebookon is!", "other"),
    ("el", "Εγγραφείτε στο newsletter μας για να λαμβάνετε τα σημαντικότερα νέα.", "newsletter"),
    ("el", "Για να συνεχίσετε να διαβάζετε, συνδεθείτε ή γίνετε συνδρομητής.", "paywall"),
    ("el", "Ακολουθήστε μας στο Facebook και στο Instagram.", "other"),
    ("uk", "Підпишіться на нашу розсилку, щоб отримувати головні новини.", "newsletter"),
    ("uk", "Щоб продовжити читання, оформіть передплату.", "paywall"),
    ("uk", "Стежте за нами у Facebook та Telegram.", "other"),
    ("ja", "ニュースレターに登録して最新ニュースを受け取る", "newsletter"),
    ("ja", "この記事は有料会員限定です。続きを読むにはログインしてください。", "paywall"),
    ("ja", "公式Xアカウントをフォローしてください", "other"),
    ("zh", "订阅我们的新闻简报，获取最新资讯", "newsletter"),
    ("zh", "登录后继续阅读全文", "paywall"),
    ("zh", "欢迎关注我们的微信公众号", "other"),
    ("zh-tw", "訂閱我們的電子報，掌握最新消息", "newsletter"),
    ("zh-tw", "登入後繼續閱讀全文", "paywall"),
    ("zh-tw", "追蹤我們的Facebook粉絲專頁", "other"),
    ("ko", "뉴스레터를 구독하고 최신 소식을 받아보세요", "newsletter"),
    ("ko", "기사 전문을 보시려면 로그인하세요", "paywall"),
    ("ko", "유튜브 채널을 구독하세요", "other"),
    ("ar", "اشترك في نشرتنا الإخبارية لتصلك آخر الأخبار", "newsletter"),
    ("ar", "لمتابعة القراءة، اشترك الآن", "paywall"),
    ("ar", "تابعونا على فيسبوك وتويتر", "other"),
    ("fa", "در خبرنامه ما عضو شوید تا آخرین اخبار را دریافت کنید", "newsletter"),
    ("fa", "برای ادامه مطالعه وارد شوید", "paywall"),
    ("fa", "ما را در اینستاگرام دنبال کنید", "other"),
    ("he", "הירשמו לניוזלטר שלנו וקבלו את החדשות החשובות", "newsletter"),
    ("he", "להמשך קריאה הירשמו או התחברו", "paywall"),
    ("he", "עקבו אחרינו בפייסבוק ובאינסטגרם", "other"),
    ("hi", "ताजा खबरों के लिए हमारे न्यूज़लेटर की सदस्यता लें", "newsletter"),
    ("hi", "पूरी खबर पढ़ने के लिए लॉग इन करें", "paywall"),
    ("hi", "हमें फेसबुक और ट्विटर पर फॉलो करें", "other"),
    ("vi", "Đăng ký nhận bản tin của chúng tôi để cập nhật tin tức mới nhất", "newsletter"),
    ("vi", "Đăng nhập để đọc toàn bộ bài viết", "paywall"),
    ("vi", "Theo dõi chúng tôi trên Facebook và Zalo", "other"),
    ("th", "สมัครรับจดหมายข่าวของเราเพื่อรับข่าวสารล่าสุด", "newsletter"),
    ("th", "เข้าสู่ระบบเพื่ออ่านต่อ", "paywall"),
    ("th", "ติดตามเราได้ที่ Facebook และ Instagram", "other"),
]

MORE_LANGUAGES_PROSE = [
    ("nl", "De minister zei dat ze het rapport verder zou lezen voordat ze een besluit neemt."),
    ("nl", "Duizenden lezers volgen de krant op sociale media, zei de hoofdredacteur."),
    ("pl", "Minister powiedziała, że przed decyzją chce przeczytać cały raport jeszcze raz."),
    ("pl", "Coraz więcej czytelników zapisuje się do newslettera gazety, podał wydawca."),
    ("tr", "Bakan, karar vermeden önce raporu okumaya devam edeceğini söyledi."),
    ("tr", "Bizi takip eden araç köprüde durdu, dedi sürücü."),
    ("id", "Menteri mengatakan ia akan terus membaca laporan itu sebelum mengambil keputusan."),
    ("id", "Lebih dari sepuluh ribu orang berlangganan buletin tersebut, kata penerbitnya."),
    ("sv", "Ministern sa att hon ska fortsätta läsa rapporten innan hon fattar ett beslut."),
    ("sv", "Hon stannade uppe sent för att fortsätta läsa boken om kriget."),
    ("da", "Ministeren sagde, at hun ville læse rapporten færdig, før hun tog en beslutning."),
    ("da", "Hun blev oppe for at fortsætte med at læse bogen om krigen."),
    ("no", "Hun ble sittende for å lese videre i rapporten om krigen."),
    ("fi", "Ministeri sanoi jatkavansa raportin lukemista ennen päätöstä."),
    ("cs", "Ministryně řekla, že si chce před rozhodnutím přečíst celou zprávu."),
    ("cs", "Deník sledují tisíce čtenářů, uvedl šéfredaktor."),
    ("sk", "Ministerka povedala, že bude pokračovať v čítaní správy pred rozhodnutím."),
    ("ro", "Ministrul a spus că va continua să citească raportul înainte de a decide."),
    ("hu", "A miniszter azt mondta, hogy a döntés előtt tovább olvassa a jelentést."),
    ("el", "Η υπουργός είπε ότι θα συνεχίσει να διαβάζει την έκθεση πριν αποφασίσει."),
    ("uk", "Міністерка сказала, що продовжить читати звіт, перш ніж ухвалити рішення."),
    ("ja", "大臣は、決定を下す前に報告書を読み続けると述べた。ニュースレターの購読者は増えている。"),
    ("zh", "部长表示，她将在做出决定前继续阅读这份报告。"),
    ("zh", "关注我们国家的环境问题是每个人的责任。"),
    ("ko", "장관은 결정을 내리기 전에 보고서를 계속 읽겠다고 말했다."),
    ("ar", "قال الوزير إنه سيواصل قراءة التقرير قبل اتخاذ القرار."),
    ("ar", "تابعنا على مدى أسابيع تطورات الأزمة في المدينة."),
    ("fa", "وزیر گفت که برای ادامه مطالعه گزارش به زمان بیشتری نیاز دارد."),
    ("he", "השרה אמרה שהיא תמשיך לקרוא את הדוח לפני שתחליט."),
    ("hi", "मंत्री ने कहा कि फैसला लेने से पहले वह रिपोर्ट आगे पढ़ने के लिए समय लेंगी।"),
    ("vi", "Bộ trưởng cho biết bà sẽ tiếp tục đọc báo cáo trước khi quyết định."),
    ("th", "รัฐมนตรีกล่าวว่าจะอ่านรายงานต่อก่อนตัดสินใจ"),
    ("tr", "Kitabın tamamını okumak için iki gün harcadığını söyledi."),
    ("tr", "Gazetenin bültenine abone oldu ve her sabah okudu."),
    ("id", "Ia berhenti sejenak untuk terus membaca buku itu di perpustakaan."),
    ("ro", "Ministrul s-a retras pentru a continua lectura raportului."),
    ("uk", "Вона залишилася в бібліотеці, щоб продовжити читання звіту."),
    ("ar", "العرض متاح للمشتركين الجدد حتى نهاية الشهر."),
    ("ar", "اشترك أكثر من مليون شخص في النشرة البريدية للشركة."),
    ("fa", "این تخفیف ویژه مشترکین جدید است."),
    ("he", "השירות זמין למנויים בלבד, אמרה החברה."),
    ("vi", "Hơn 10.000 người đã đăng ký nhận bản tin của tờ báo."),
    ("th", "ผู้อ่านกว่าหมื่นคนสมัครรับจดหมายข่าวของหนังสือพิมพ์"),
    ("th", "สิทธิพิเศษสำหรับสมาชิกเท่านั้น บริษัทกล่าว"),
    ("zh", "读者订阅电子报的人数去年增长了一倍。"),
    ("ja", "同社のメルマガ登録者数は10万人を超えた。"),
    ("ko", "유튜브 채널을 구독하기 위해 많은 사람이 몰렸다."),
    ("fi", "Hän tilaa uutiskirjeen joka viikko."),
    ("sv", "Över 5000 personer prenumererar på nyhetsbrevet, sa förlaget."),
    ("pl", "Minister powiedziała, że aby przeczytać cały raport, potrzebuje tygodnia."),
    ("nl", "Volgens de krant volgen duizenden mensen het account op Instagram."),
    ("hu", "A miniszter szerint a cikk a kormányt bírálta."),
    ("el", "Η εγγραφή στο σύστημα ολοκληρώθηκε χθες."),
    ("hi", "कंपनी ने कहा कि ग्राहक ऐप पर खबर पढ़ने के लिए अधिक समय बिताते हैं।"),
    ("cs", "Předplatitelé deníku dostali dopis od vydavatele."),
    ("da", "Hun blev oppe for at læse videre i bogen."),
]


@pytest.mark.parametrize(
    ("language", "text", "kind"),
    MORE_LANGUAGES_CHROME,
    ids=[f"{lang}-{kind}" for lang, _, kind in MORE_LANGUAGES_CHROME],
)
def test_chrome_lines_in_more_languages_are_recognised(language: str, text: str, kind: str) -> None:
    verdict = classify(text, at_edge=True)
    assert verdict is not None, language
    assert verdict.kind == kind


@pytest.mark.parametrize(
    ("language", "text"), MORE_LANGUAGES_PROSE, ids=[f"{lang}-{text[:20]}" for lang, text in MORE_LANGUAGES_PROSE]
)
def test_article_sentences_in_more_languages_stay(language: str, text: str) -> None:
    assert classify(text, at_edge=True) is None, language


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


def test_a_rule_written_in_several_languages_hits_once() -> None:
    text = "Um weiterzulesen, melden Sie sich an. Pour lire la suite, abonnez-vous."
    assert [hit.rule for hit in find_hits(text)].count("continue-reading-foreign") == 1
