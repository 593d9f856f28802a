"""Confectionery glossary: Russian baking terms that must reach the English prompt as the right term.

General MT models garble trade vocabulary (мастика -> "mastic", двухъярусный -> "bunk", безе -> "beze").
So glossary hits are found in the Russian source with stem regexes (inflection-proof), and after MT
each hit's English term is made present: a known mistranslation is replaced in place, otherwise the
term is appended. Pure Python: no ML imports.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

_CYRILLIC = re.compile(r"[\u0400-\u04FF]")
_DASHES = str.maketrans(
    {"\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "ё": "е", "Ё": "е"}
)

# Russian adjective endings (all genders, cases, numbers).
ADJ = r"(?:ый|ий|ой|ая|яя|ое|ее|ого|его|ому|ему|ым|им|ом|ем|ую|юю|ые|ие|ых|их|ыми|ими|ою|ею)"


def has_cyrillic(text: str) -> bool:
    return _CYRILLIC.search(text) is not None


def normalize_ru(text: str) -> str:
    """Lower case, ё -> е, typographic dashes -> '-': what the glossary patterns are written against."""
    return text.lower().translate(_DASHES)


def _english_regex(term: str) -> str:
    """'sugar flowers' -> matches 'Sugar flowers', 'sugar-flower'; a trailing s/es is optional."""
    words = [re.escape(w) for w in re.split(r"[\s-]+", term.strip())]
    last = words[-1]
    if last.endswith("es") and len(last) > 4:
        last = last[:-2] + "(?:es)?"
    elif last.endswith("s") and len(last) > 3:
        last = last[:-1] + "s?"
    else:
        last += "(?:s|es)?"
    words[-1] = last
    return r"[\s-]+".join(words)


@dataclass(frozen=True, slots=True)
class Term:
    ru: str  # headword, for people and the docs
    en: str  # what must appear in the English prompt
    pattern: str  # regex over normalize_ru(text); word boundaries are added around it
    forms: tuple[str, ...]  # common inflected forms (documentation and tests)
    accept: tuple[str, ...] = ()  # further English regexes that already render the term correctly
    wrong: tuple[str, ...] = ()  # known MT renderings to replace with `en`
    _ru_re: re.Pattern[str] = field(init=False, repr=False, compare=False)
    _ok_re: re.Pattern[str] = field(init=False, repr=False, compare=False)
    _wrong_re: re.Pattern[str] | None = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        set_ = object.__setattr__
        set_(self, "_ru_re", re.compile(rf"(?<!\w)(?:{self.pattern})(?!\w)"))
        ok = "|".join([_english_regex(self.en), *self.accept])
        set_(self, "_ok_re", re.compile(rf"(?<![\w-])(?:{ok})(?![\w])", re.IGNORECASE))
        wrong = "|".join(self.wrong)
        set_(
            self, "_wrong_re", re.compile(rf"(?<![\w-])(?:{wrong})(?![\w])", re.IGNORECASE) if wrong else None
        )

    def finditer(self, normalized_ru: str) -> Iterable[re.Match[str]]:
        return self._ru_re.finditer(normalized_ru)

    def present_in(self, english: str) -> bool:
        return self._ok_re.search(english) is not None

    def fix(self, english: str) -> str | None:
        """`english` with a known mistranslation replaced by the term, or None when there is none."""
        if self._wrong_re is None:
            return None
        fixed, n = self._wrong_re.subn(self.en, english, count=1)
        return fixed if n else None


def _t(
    ru: str,
    en: str,
    pattern: str,
    forms: Sequence[str],
    accept: Sequence[str] = (),
    wrong: Sequence[str] = (),
) -> Term:
    return Term(ru, en, pattern, tuple(forms), tuple(accept), tuple(wrong))


_TIER = r"ъ?ярусн\w*"

GLOSSARY: tuple[Term, ...] = (
    # --- coatings, creams, finishes -----------------------------------------------------------
    _t(
        "мастика",
        "fondant",
        r"мастик\w*|мастичн\w*",
        ["мастика", "мастикой", "мастики", "мастику", "сахарная мастика", "мастичный", "мастичными"],
        wrong=[r"mastics?", r"mastika", r"putty"],
    ),
    _t("марципан", "marzipan", r"марципан\w*", ["марципан", "марципаном", "марципановые"]),
    _t(
        "зеркальная глазурь",
        "mirror glaze",
        rf"зеркальн{ADJ}\s+глазур\w*",
        ["зеркальная глазурь", "зеркальной глазурью", "зеркальную глазурь"],
        accept=[r"mirror[\s-]glazed?"],
        wrong=[r"mirror[\s-](?:icing|frosting|glazing|enamel|coating)"],
    ),
    _t(
        "королевская глазурь",
        "royal icing",
        rf"королевск{ADJ}\s+глазур\w*|айсинг\w*",
        ["айсинг", "айсингом", "королевская глазурь", "королевской глазурью"],
        wrong=[r"royal\s+(?:glaze|glazing|frosting)", r"icing"],
    ),
    _t(
        "глазурь",
        "glaze",
        r"глазур\w*|глазированн\w*",
        ["глазурь", "глазурью", "глазированный"],
        accept=[r"glazed", r"icing", r"frosting", r"frosted"],
    ),
    _t(
        "велюр",
        "velour finish",
        r"велюр\w*",
        ["велюр", "велюром", "велюровое покрытие", "велюровым"],
        wrong=[r"velou?re?"],
    ),
    _t(
        "ганаш",
        "ganache",
        r"ганаш\w*",
        ["ганаш", "ганашем", "ганаша", "шоколадный ганаш"],
        wrong=[r"ganash", r"ganasch", r"ganashe"],
    ),
    _t(
        "масляный крем",
        "buttercream",
        rf"масл(?:ян|ичн){ADJ}\s+крем\w*",
        ["масляный крем", "масляным кремом", "масляного крема"],
        accept=[r"butter[\s-]cream"],
        wrong=[r"oil(?:y)?\s+cream"],
    ),
    _t(
        "крем-чиз",
        "cream cheese frosting",
        r"крем[\s-]*чиз\w*",
        ["крем-чиз", "кремчиз", "крем чизом"],
        accept=[r"cream[\s-]cheese"],
        wrong=[r"cream[\s-]chees?e?z?"],
    ),
    _t(
        "взбитые сливки",
        "whipped cream",
        r"взбит\w*\s+сливк\w*|взбит\w*\s+сливок",
        ["взбитые сливки", "взбитыми сливками", "взбитых сливок"],
    ),
    _t(
        "крем-брюле",
        "creme brulee",
        r"крем[\s-]*брюле",
        ["крем-брюле", "крем брюле"],
        accept=[r"cr[eè]me[\s-]br[uû]l[eé]e"],
    ),
    _t(
        "подтёки",
        "drips",
        r"(?:под|по)тек(?:и|ов|ами|ах|ам|ом|а)?|дрип\w*",
        ["подтёки", "подтеки", "подтёками", "потёки", "шоколадные подтёки", "дрип"],
        accept=[r"drip(?:s|ping|ped|py)?"],
        wrong=[r"smudges?", r"streaks?", r"leaks?", r"stains?", r"smears?"],
    ),
    _t(
        "голый торт",
        "naked cake",
        rf"гол{ADJ}\s+торт\w*|нейкед\w*",
        ["голый торт", "голого торта", "голым тортом", "голые торты", "нейкед"],
        wrong=[r"(?:bare|nude|naked)\s+(?:cake|pie)s?"],
    ),
    _t(
        "полуголый торт",
        "semi-naked cake",
        rf"полугол{ADJ}(?:\s+торт\w*)?",
        ["полуголый торт", "полуголый", "полуголого торта"],
        accept=[r"semi[\s-]naked"],
    ),
    _t(
        "бенто-торт",
        "bento cake",
        r"бенто(?:[\s-]*торт\w*)?|бэнто(?:[\s-]*торт\w*)?",
        ["бенто-торт", "бенто торт", "бенто", "бенто-тортом", "бенто-торта"],
        wrong=[r"bento(?![\s-]+cakes?)"],
    ),
    # --- tiers ---------------------------------------------------------------------------------
    _t(
        "двухъярусный",
        "two-tier",
        rf"двух{_TIER}|2[\s-]*х?[\s-]*{_TIER}|дв(?:а|ух)\s+ярус\w*",
        ["двухъярусный", "двухъярусного", "двухярусный", "2-ярусный", "два яруса"],
        accept=[r"(?:two|2|double)[\s-]tier(?:s|ed)?"],
        wrong=[r"bunk(?:\s+bed)?", r"two[\s-]stor(?:e?y|ied|ey)", r"two[\s-]level", r"double[\s-]decker"],
    ),
    _t(
        "трёхъярусный",
        "three-tier",
        rf"тр[её]х{_TIER}|3[\s-]*х?[\s-]*{_TIER}|тр(?:и|[её]х)\s+ярус\w*",
        ["трёхъярусный", "трехъярусный", "трёхъярусного", "3-ярусный", "три яруса"],
        accept=[r"(?:three|3|triple)[\s-]tier(?:s|ed)?"],
        wrong=[r"three[\s-]stor(?:e?y|ied|ey)", r"three[\s-]level", r"triple[\s-]decker"],
    ),
    _t(
        "четырёхъярусный",
        "four-tier",
        rf"четыр[её]х{_TIER}|4[\s-]*х?[\s-]*{_TIER}|четыр(?:е|[её]х)\s+ярус\w*",
        ["четырёхъярусный", "четырехъярусного", "4-ярусный", "четыре яруса"],
        accept=[r"(?:four|4)[\s-]tier(?:s|ed)?"],
        wrong=[r"four[\s-]stor(?:e?y|ied|ey)", r"four[\s-]level"],
    ),
    _t(
        "пятиярусный",
        "five-tier",
        rf"пяти{_TIER}|5[\s-]*(?:ти)?[\s-]*{_TIER}|пят(?:ь|и)\s+ярус\w*",
        ["пятиярусный", "пятиярусного", "5-ярусный", "пять ярусов"],
        accept=[r"(?:five|5)[\s-]tier(?:s|ed)?"],
        wrong=[r"five[\s-]stor(?:e?y|ied|ey)", r"five[\s-]level"],
    ),
    _t(
        "многоярусный",
        "multi-tier",
        rf"много{_TIER}",
        ["многоярусный", "многоярусного", "многоярусными"],
        accept=[r"multi[\s-]?tier(?:s|ed)?", r"multi[\s-]?layered"],
        wrong=[r"multi[\s-]?stor(?:e?y|ied|ey)", r"multi[\s-]?level"],
    ),
    _t(
        "одноярусный",
        "single-tier",
        rf"одно{_TIER}",
        ["одноярусный", "одноярусного"],
        accept=[r"(?:single|one|1)[\s-]tier(?:s|ed)?"],
        wrong=[r"single[\s-]stor(?:e?y|ey)", r"one[\s-]stor(?:e?y|ey)"],
    ),
    _t(
        "ярусы",
        "tiers",
        r"ярус\w*",
        ["ярусы", "ярусов", "ярусный", "ярусами", "ярус"],
        accept=[r"tier(?:s|ed)?"],
        wrong=[r"storeys?", r"stor(?:y|ies)", r"bunks?"],
    ),
    # --- decorations -------------------------------------------------------------------------
    _t(
        "сахарные цветы",
        "sugar flowers",
        rf"сахарн{ADJ}\s+цвет\w*|сахарн{ADJ}\s+цветочк\w*",
        ["сахарные цветы", "сахарными цветами", "сахарных цветов", "сахарный цветок"],
        accept=[r"sugar[\s-]flower(?:s)?"],
    ),
    _t(
        "кремовые цветы",
        "buttercream flowers",
        rf"кремов{ADJ}\s+цвет\w*|цвет\w*\s+из\s+крема",
        ["кремовые цветы", "кремовыми цветами", "цветы из крема"],
        wrong=[r"cream(?:y)?\s+flowers?"],
    ),
    _t(
        "живые цветы",
        "fresh flowers",
        rf"жив{ADJ}\s+цвет\w*",
        ["живые цветы", "живыми цветами", "живых цветов"],
        wrong=[r"(?:live|living|alive)\s+flowers?"],
    ),
    _t("сухоцветы", "dried flowers", r"сухоцвет\w*", ["сухоцветы", "сухоцветами", "сухоцветов"]),
    _t(
        "пионы",
        "peonies",
        r"пион(?:ы|ов|ами|ах|ам|а|ом|)|пионовидн\w*",
        ["пионы", "пионами", "пион", "пионов"],
        accept=[r"peony"],
    ),
    _t(
        "розы",
        "roses",
        r"роз(?:а|ы|у|ой|е|ами|ах|ам|)|розочк\w*|розочек",
        ["розы", "розами", "роза", "розочки", "роз"],
        accept=[r"rose", r"rosettes?"],
    ),
    _t("орхидеи", "orchids", r"орхиде\w*", ["орхидеи", "орхидеями", "орхидея"]),
    _t(
        "сахарное кружево",
        "sugar lace",
        rf"сахарн{ADJ}\s+кружев\w*",
        ["сахарное кружево", "сахарным кружевом"],
    ),
    _t(
        "кружево",
        "lace",
        r"кружев\w*",
        ["кружево", "кружевом", "кружевной", "кружевами"],
        accept=[r"lacy", r"laced"],
    ),
    _t(
        "рюши",
        "ruffles",
        r"рюш\w*|оборк\w*|оборок",
        ["рюши", "рюшами", "оборки", "оборками", "оборок"],
        accept=[r"ruffled?"],
        wrong=[r"frills?", r"flounces?"],
    ),
    _t(
        "бант",
        "bow",
        r"бант(?:ик)?(?:а|у|ом|е|и|ов|ами|ах|ам|ы)?|бантиков",
        ["бант", "бантиком", "бантики", "банты"],
        accept=[r"bows"],
    ),
    _t(
        "ламбет",
        "lambeth piping",
        r"ламбет\w*",
        ["ламбет", "ламбетом", "в стиле ламбет"],
        wrong=[r"lambeth(?![\s-]+piping)"],
    ),
    _t(
        "сахарные жемчужины",
        "sugar pearls",
        rf"сахарн{ADJ}\s+(?:жемчуж|бусин|бусы)\w*",
        ["сахарные жемчужины", "сахарными бусинами", "сахарных жемчужин"],
    ),
    _t(
        "жемчуг", "pearls", r"жемчуг\w*|жемчуж\w*", ["жемчуг", "жемчужинами", "жемчужины"], accept=[r"pearly"]
    ),
    _t(
        "сусальное золото",
        "gold leaf",
        rf"сусальн{ADJ}\s+золот\w*|сусальн\w*|потал\w*",
        ["сусальное золото", "сусальным золотом", "поталь", "поталью"],
        accept=[r"gold(?:en)?\s+lea(?:f|ves)", r"gold\s+foil"],
        wrong=[r"potal", r"gilt\s+gold", r"sous\s+gold"],
    ),
    _t(
        "кандурин",
        "edible luster dust",
        r"кандурин\w*",
        ["кандурин", "кандурином"],
        accept=[r"lust(?:er|re)\s+dust", r"shimmer\s+dust"],
        wrong=[r"kandurin", r"candurin"],
    ),
    _t(
        "пищевой блеск",
        "edible glitter",
        rf"пищев{ADJ}\s+(?:блеск|блест)\w*|глиттер\w*|блестк\w*|блесток",
        ["пищевой блеск", "пищевыми блёстками", "глиттер", "блёстки"],
        wrong=[r"food\s+(?:shine|gloss|glitter)", r"glitter", r"sparkles"],
    ),
    _t(
        "посыпка",
        "sprinkles",
        r"посыпк\w*|посыпок",
        ["посыпка", "посыпкой", "посыпки", "кондитерская посыпка"],
        accept=[r"sprinkled?"],
        wrong=[r"powdering", r"dusting"],
    ),
    _t("драже", "dragees", r"драже", ["драже"], accept=[r"drag[eé]es?"]),
    _t("топпер", "cake topper", r"топпер\w*", ["топпер", "топпером", "топперы"], wrong=[r"toppers?"]),
    _t(
        "фигурки",
        "figurines",
        r"фигурк\w*|фигурок",
        ["фигурки", "фигурками", "фигурок", "фигурка"],
        accept=[r"figurine", r"figures?"],
    ),
    _t(
        "вафельная картинка",
        "wafer paper",
        rf"вафельн{ADJ}\s+(?:картинк|бумаг|печат)\w*|рисов{ADJ}\s+бумаг\w*",
        ["вафельная картинка", "вафельной бумагой", "рисовая бумага", "вафельной картинкой"],
        wrong=[r"waffle\s+(?:picture|paper|image|print)s?", r"rice\s+paper"],
    ),
    _t(
        "фотопечать",
        "edible photo print",
        r"фотопечат\w*|фото[\s-]печат\w*",
        ["фотопечать", "фотопечатью"],
        accept=[r"photo\s+print(?:ing|ed)?"],
    ),
    _t(
        "аэрограф",
        "airbrushed",
        r"аэрограф\w*",
        ["аэрограф", "аэрографией", "аэрографом", "аэрография"],
        accept=[r"airbrush(?:ing|ed)?"],
        wrong=[r"aerograph(?:y|ic)?", r"air\s+brush(?:ing|ed)?"],
    ),
    _t(
        "ручная роспись",
        "hand-painted",
        rf"(?:ручн{ADJ}\s+)?роспис\w*|расписн\w*|расписан\w*",
        ["роспись", "ручной росписью", "расписной", "расписанный"],
        accept=[r"hand[\s-]?paint(?:ed|ing)", r"painted"],
        wrong=[r"paintings?", r"murals?"],
    ),
    _t("омбре", "ombre", r"омбр[еэ]", ["омбре", "омбрэ"], accept=[r"ombr[eé]"]),
    _t("градиент", "gradient", r"градиент\w*", ["градиент", "градиентом", "градиентный"]),
    _t(
        "мраморный",
        "marble",
        r"мрамор\w*",
        ["мраморный", "мрамором", "мраморного", "мрамор"],
        accept=[r"marbled?"],
    ),
    _t(
        "рустик",
        "rustic",
        r"рустик\w*|рустикальн\w*|деревенск\w*",
        ["рустик", "в стиле рустик", "рустикальный", "деревенский"],
    ),
    _t("винтаж", "vintage", r"винтаж\w*", ["винтаж", "винтажный", "винтажном"]),
    _t(
        "свечи",
        "candles",
        r"свеч(?:а|и|ей|ами|ах|ам|ой|у|е|ка|ки|ками|кой|ек)",
        ["свечи", "свечами", "свечка", "свечками"],
        accept=[r"candle"],
    ),
    _t(
        "бенгальские огни",
        "sparklers",
        rf"бенгальск{ADJ}\s+ог(?:онь|н)\w*",
        ["бенгальские огни", "бенгальскими огнями"],
        accept=[r"sparkler"],
        wrong=[r"bengal(?:ese)?\s+(?:lights?|fires?)"],
    ),
    _t(
        "торт-цифра",
        "number cake",
        r"торт\w*[\s-]+цифр\w*|в\s+виде\s+цифр\w*",
        ["торт-цифра", "торт цифра", "в виде цифры", "торта-цифры"],
        wrong=[r"(?:figure|digit)\s+cakes?", r"cake[\s-]digits?"],
    ),
    _t(
        "торт-буква",
        "letter cake",
        r"торт\w*[\s-]+букв\w*|в\s+виде\s+букв\w*",
        ["торт-буква", "в виде буквы"],
        wrong=[r"cake[\s-]letters?"],
    ),
    # --- cakes and pastries ------------------------------------------------------------------
    _t(
        "бисквит",
        "sponge cake",
        r"бисквит\w*",
        ["бисквит", "бисквитный", "бисквитом", "бисквитного"],
        wrong=[r"biscuits?", r"sponge(?![\s-]+cakes?)"],
    ),
    _t(
        "коржи",
        "cake layers",
        r"корж\w*|коржей",
        ["коржи", "коржей", "корж", "коржами"],
        accept=[r"layers?", r"layered"],
        wrong=[r"crusts?", r"korzh\w*", r"shortcakes?"],
    ),
    _t(
        "прослойка",
        "filling layer",
        r"прослойк\w*|прослоек",
        ["прослойка", "прослойкой", "прослойки"],
        accept=[r"fillings?", r"layers?"],
        wrong=[r"interlayers?", r"spacers?"],
    ),
    _t(
        "начинка",
        "filling",
        r"начинк\w*|начинок",
        ["начинка", "начинкой", "начинки"],
        accept=[r"stuffed", r"stuffing"],
    ),
    _t(
        "муссовый торт",
        "mousse cake",
        rf"муссов{ADJ}\s+торт\w*",
        ["муссовый торт", "муссового торта", "муссовым тортом"],
        wrong=[r"mouse\s+cakes?", r"moss\s+cakes?"],
    ),
    _t("мусс", "mousse", r"мусс\w*", ["мусс", "муссом", "муссовый"], wrong=[r"mouse", r"moss"]),
    _t(
        "чизкейк",
        "cheesecake",
        r"чизкейк\w*",
        ["чизкейк", "чизкейком", "чизкейки"],
        accept=[r"cheese[\s-]cake"],
    ),
    _t(
        "медовик",
        "honey cake",
        r"медовик\w*",
        ["медовик", "медовиком", "медовика"],
        wrong=[r"medovik\w*", r"honeycomb"],
    ),
    _t(
        "наполеон",
        "napoleon cake",
        r"наполеон\w*",
        ["наполеон", "наполеоном", "торт наполеон"],
        accept=[r"mille[\s-]feuille"],
        wrong=[r"napoleon(?![\s-]+cakes?)"],
    ),
    _t(
        "красный бархат",
        "red velvet",
        rf"красн{ADJ}\s+бархат\w*",
        ["красный бархат", "красного бархата", "«красный бархат»"],
    ),
    _t(
        "птичье молоко",
        "bird's milk cake",
        r"птич\w*\s+молок\w*",
        ["птичье молоко", "птичьего молока"],
        wrong=[r"bird'?s[\s-]milk(?![\s-]+cakes?)"],
    ),
    _t("трайфл", "trifle", r"трайфл\w*", ["трайфл", "трайфлы", "трайфлом"]),
    _t(
        "капкейк",
        "cupcakes",
        r"капкейк\w*",
        ["капкейк", "капкейки", "капкейками"],
        wrong=[r"cap[\s-]?cakes?"],
    ),
    _t(
        "кейк-попс",
        "cake pops",
        r"кейк[\s-]*попс\w*",
        ["кейк-попсы", "кейкпопсы", "кейк-попсами"],
        accept=[r"cake[\s-]?pops?"],
    ),
    _t("эклер", "eclairs", r"эклер\w*", ["эклер", "эклеры", "эклерами"], accept=[r"[eé]clairs?"]),
    _t("профитроли", "profiteroles", r"профитрол\w*", ["профитроли", "профитролями", "профитроль"]),
    _t(
        "безе",
        "meringue",
        r"безе|безешк\w*|меренг\w*",
        ["безе", "безешки", "безешками", "меренга", "меренгой", "меренговый"],
        accept=[r"meringues?"],
        wrong=[r"bez[eé]e?s?", r"merengu?e?s?"],
    ),
    _t(
        "макаронс",
        "macarons",
        r"макарон\w*|макарун\w*",
        ["макаронс", "макаронсами", "макарон", "макаруны"],
        wrong=[r"macaroni", r"macaroons?", r"pasta"],
    ),
    _t(
        "пряники",
        "gingerbread",
        r"пряник\w*|пряничн\w*",
        ["пряники", "пряниками", "пряник", "пряничный домик"],
        wrong=[r"spice\s*cakes?", r"prianik\w*"],
    ),
    _t(
        "печенье",
        "cookies",
        r"печень(?:е|ем|я)|печений|печенюшк\w*",
        ["печенье", "печеньем", "печенья"],
        accept=[r"cookie", r"biscuits?"],
    ),
    _t(
        "вафельные рожки",
        "waffle cones",
        rf"вафельн{ADJ}\s+рожк\w*|вафельн{ADJ}\s+рожок",
        ["вафельные рожки", "вафельными рожками"],
        wrong=[r"waffle\s+horns?"],
    ),
    _t("тарт", "tart", r"тарт(?:а|у|ом|е|ы|ов|ами|ах|ик|ики|ами)?", ["тарт", "тартом", "тарты"]),
    _t("пирожные", "pastries", r"пирожн\w*", ["пирожные", "пирожными", "пирожное"], accept=[r"pastry"]),
    _t("орео", "oreo cookies", r"орео", ["орео"], wrong=[r"oreos?"]),
    # --- sweets and fillings -----------------------------------------------------------------
    _t(
        "солёная карамель",
        "salted caramel",
        rf"солен{ADJ}\s+карамел\w*",
        ["солёная карамель", "соленой карамелью", "солёной карамели"],
        wrong=[r"salt(?:y)?\s+caramel"],
    ),
    _t(
        "карамель",
        "caramel",
        r"карамел\w*",
        ["карамель", "карамелью", "карамельный", "карамели"],
        accept=[r"caramel(?:ized|ised)"],
    ),
    _t(
        "белый шоколад",
        "white chocolate",
        rf"бел{ADJ}\s+шоколад\w*",
        ["белый шоколад", "белым шоколадом", "белого шоколада"],
    ),
    _t(
        "тёмный шоколад",
        "dark chocolate",
        rf"(?:темн|горьк|черн){ADJ}\s+шоколад\w*",
        ["тёмный шоколад", "темным шоколадом", "горький шоколад", "горьким шоколадом"],
        wrong=[r"bitter\s+chocolate", r"black\s+chocolate"],
    ),
    _t(
        "молочный шоколад",
        "milk chocolate",
        rf"молочн{ADJ}\s+шоколад\w*",
        ["молочный шоколад", "молочным шоколадом"],
        wrong=[r"dairy\s+chocolate"],
    ),
    _t(
        "шоколадная стружка",
        "chocolate shavings",
        rf"шоколадн{ADJ}\s+стружк\w*",
        ["шоколадная стружка", "шоколадной стружкой"],
        accept=[r"chocolate\s+curls?"],
        wrong=[r"chocolate\s+(?:chips?|shavings?|sawdust)"],
    ),
    _t(
        "кокосовая стружка",
        "shredded coconut",
        rf"кокосов{ADJ}\s+стружк\w*",
        ["кокосовая стружка", "кокосовой стружкой"],
        accept=[r"coconut\s+flakes?", r"desiccated\s+coconut"],
        wrong=[r"coconut\s+(?:chips?|shavings?|sawdust)"],
    ),
    _t(
        "шоколад",
        "chocolate",
        r"шоколад\w*",
        ["шоколад", "шоколадом", "шоколадный", "шоколадными"],
        accept=[r"chocolatey?"],
    ),
    _t("какао", "cocoa", r"какао", ["какао"], accept=[r"cacao"]),
    _t("пралине", "praline", r"пралине", ["пралине"], accept=[r"pralin[eé]s?"]),
    _t("нуга", "nougat", r"нуг(?:а|ой|у|и|е)", ["нуга", "нугой", "нуги"], wrong=[r"nuga"]),
    _t("курд", "curd", r"курд(?:ом|а|у|е)?", ["курд", "курдом", "лимонный курд"], wrong=[r"kurds?"]),
    _t(
        "конфитюр",
        "fruit confit",
        r"конфи|конфитюр\w*",
        ["конфи", "конфитюр", "конфитюром"],
        accept=[r"confit", r"confiture", r"jam"],
        wrong=[r"konfi", r"confi"],
    ),
    _t("крамбл", "crumble", r"крамбл\w*", ["крамбл", "крамблом"], wrong=[r"krambl\w*"]),
    _t("штрейзель", "streusel", r"штр[еэй]+зел\w*|штройзел\w*", ["штрейзель", "штрейзелем", "штройзель"]),
    _t(
        "желе",
        "jelly",
        r"желе|желейн\w*",
        ["желе", "желейный", "желейными"],
        accept=[r"jell(?:ies|ied)", r"gelatin"],
    ),
    _t(
        "зефир",
        "marshmallow",
        r"зефир\w*|маршмел+оу|маршмэл+оу",
        ["зефир", "зефиром", "зефирные", "маршмеллоу"],
        wrong=[r"zephyrs?", r"zefirs?"],
    ),
    _t(
        "сахарная вата",
        "cotton candy",
        rf"сахарн{ADJ}\s+ват\w*",
        ["сахарная вата", "сахарной ватой"],
        accept=[r"candy\s+floss"],
        wrong=[r"sugar\s+(?:wool|cotton|wadding)"],
    ),
    _t("изомальт", "isomalt", r"изомальт\w*", ["изомальт", "изомальтом", "изомальтовые"]),
    _t(
        "леденцы",
        "lollipops",
        r"леденц\w*|леденец|леденцовая",
        ["леденцы", "леденцами", "леденец"],
        accept=[r"lollipop", r"hard\s+cand(?:y|ies)"],
    ),
    _t(
        "конфеты",
        "candies",
        r"конфет\w*",
        ["конфеты", "конфетами", "конфета", "конфет"],
        accept=[r"candy", r"sweets", r"bonbons?", r"chocolates"],
    ),
    # --- fruit, berries, nuts ----------------------------------------------------------------
    _t("ягоды", "berries", r"ягод\w*", ["ягоды", "ягодами", "ягодный", "ягод"], accept=[r"berry"]),
    _t(
        "клубника",
        "strawberries",
        r"клубник\w*|клубничн\w*",
        ["клубника", "клубникой", "клубничный"],
        accept=[r"strawberry"],
    ),
    _t(
        "малина",
        "raspberries",
        r"малин(?:а|ой|у|ы|е)",
        ["малина", "малиной", "малины"],
        accept=[r"raspberry"],
    ),
    _t(
        "голубика",
        "blueberries",
        r"голубик\w*|черник\w*",
        ["голубика", "голубикой", "черника", "черникой"],
        accept=[r"blueberry", r"bilberr(?:y|ies)"],
    ),
    _t("ежевика", "blackberries", r"ежевик\w*", ["ежевика", "ежевикой"], accept=[r"blackberry"]),
    _t(
        "вишня",
        "cherries",
        r"вишн\w*|вишен|черешн\w*",
        ["вишня", "вишней", "вишнями", "черешня"],
        accept=[r"cherry"],
    ),
    _t("смородина", "currants", r"смородин\w*", ["смородина", "смородиной"], accept=[r"currant"]),
    _t("физалис", "physalis", r"физалис\w*", ["физалис", "физалисом"]),
    _t(
        "маракуйя",
        "passion fruit",
        r"маракуй\w*",
        ["маракуйя", "маракуйей", "маракуйи"],
        accept=[r"passionfruit"],
        wrong=[r"maracuja", r"maracuya"],
    ),
    _t(
        "фисташки",
        "pistachio",
        r"фисташ\w*",
        ["фисташки", "фисташковый", "фисташками"],
        accept=[r"pistachios"],
    ),
    _t(
        "фундук",
        "hazelnuts",
        r"фундук\w*",
        ["фундук", "фундуком"],
        accept=[r"hazelnut"],
        wrong=[r"fundu[ck]k?"],
    ),
    _t("миндаль", "almonds", r"миндал\w*", ["миндаль", "миндалем", "миндальный"], accept=[r"almond"]),
    _t("пекан", "pecans", r"пекан\w*", ["пекан", "пеканом", "орехи пекан"], accept=[r"pecan"]),
)


@dataclass(frozen=True, slots=True)
class Hit:
    term: Term
    start: int
    end: int


def find_hits(text_ru: str, glossary: Sequence[Term] = GLOSSARY) -> list[Hit]:
    """Glossary terms in the Russian text, in order of appearance. Overlaps go to the longest match
    (зеркальная глазурь wins over глазурь, белый шоколад over шоколад)."""
    norm = normalize_ru(text_ru)
    found = [Hit(term, m.start(), m.end()) for term in glossary for m in term.finditer(norm)]
    found.sort(key=lambda h: (-(h.end - h.start), h.start))
    taken: list[Hit] = []
    for hit in found:
        if all(hit.end <= t.start or hit.start >= t.end for t in taken):
            taken.append(hit)
    return sorted(taken, key=lambda h: h.start)


def enforce_terms(english: str, hits: Sequence[Hit]) -> str:
    """Make every hit's English term present in the MT output: fix a known mistranslation in place,
    else append the term (the user's idea stays first for CLIP's 77-token window)."""
    out = english.strip()
    missing: list[str] = []
    for term in dict.fromkeys(h.term for h in hits):  # unique, in order of appearance
        if term.present_in(out):
            continue
        fixed = term.fix(out)
        if fixed is not None:
            out = fixed
        elif term.en not in missing:
            missing.append(term.en)
    if missing:
        out = ", ".join([out.rstrip(" .,;:!"), *missing]) if out else ", ".join(missing)
    return out


def apply_glossary(source_ru: str, english: str, glossary: Sequence[Term] = GLOSSARY) -> str:
    return enforce_terms(english, find_hits(source_ru, glossary))
