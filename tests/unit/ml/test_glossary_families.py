"""The five families of price-list phrases that lost their meaning (issue 20, item 3), each covered
in inflected forms, in a sentence: the glossary finds the phrase as one term, and the term reaches the
final prompt whatever MT makes of it (the garbling fake MT of test_glossary.py keeps no English)."""

from __future__ import annotations

import pytest

from tests.unit.ml.test_glossary import FakeMT, term_position
from tortodelova.adapters.ml.glossary import find_hits
from tortodelova.adapters.ml.translator import GlossaryTranslator

FAMILIES: dict[str, list[tuple[str, str]]] = {
    # the first part of a hyphenated compound inflects: «на креме-брюле»
    "hyphenated compounds": [
        ("торт на креме-брюле", "creme brulee"),
        ("покрыт кремом-брюле", "creme brulee"),
        ("вкус крема-брюле", "creme brulee"),
        ("торт с кремом-чизом", "cream cheese frosting"),
        ("на креме-пломбире", "ice cream frosting"),
        ("тортом-сердцем на годовщину", "heart-shaped cake"),
        ("с тортом-куклой для девочки", "doll cake"),
        ("торта-замка с башнями", "castle cake"),
        ("тортом-машинкой", "car-shaped cake"),
        ("тортом-мороженым", "ice cream cake"),
        ("ромашкой-градиентом", "ombre petal cake"),
        ("с человеком-пауком", "Spider-Man"),
        ("тирамису-тортом", "tiramisu cake"),
    ],
    # an adjective makes the noun another thing: мастичные бантики are fondant bows
    "adjective + noun": [
        ("с мастичными бантиками", "fondant bows"),
        ("бантики из мастики", "fondant bows"),
        ("мастичными цветами", "fondant flowers"),
        ("шоколадными каплями по краю", "chocolate drips"),
        ("с шоколадными подтёками", "chocolate drips"),
        ("карамельные потёки", "caramel drips"),
        ("золотыми каплями", "gold drips"),
        ("шоколадными листиками", "chocolate leaves"),
        ("с шоколадными парусами", "chocolate sails"),
        ("изомальтовым парусом", "isomalt sails"),
        ("кремовыми розочками", "buttercream roses"),
        ("вафельными цветами", "wafer paper flowers"),
        ("присыпать сахарной пудрой", "powdered sugar"),
        ("шоколадной надписью", "chocolate lettering"),
        ("с ягодной шапкой", "berries heaped on top"),
        ("воздушными шариками", "balloons"),
        ("мармеладными мишками", "gummy bears"),
        ("пряничным домиком", "gingerbread house"),
        ("атласной лентой", "satin ribbon"),
        ("мраморной мастикой", "marbled fondant"),
        ("со швейной машинкой", "sewing machine"),
        ("с морской свинкой", "guinea pig"),
    ],
    # classic cakes by name: MT takes them for a city, an anthill, a mushroom
    "named classic cakes": [
        ("торт «Прага»", "praga chocolate cake"),
        ("как у Праги", "praga chocolate cake"),
        ("Красного бархата", "red velvet"),
        ("медовиком", "honey cake"),
        ("торт «Эстерхази»", "esterhazy torte"),
        ("Птичьего молока", "bird's milk cake"),
        ("наполеоном", "napoleon cake"),
        ("киевского торта", "kyiv cake"),
        ("муравейником", "crumbled cookie mound cake"),
        ("тортом «Захер»", "sacher torte"),
        ("тирамису-торт", "tiramisu cake"),
        ("чизкейком", "cheesecake"),
        ("шварцвальдом", "black forest cake"),
        ("«Чёрного леса»", "black forest cake"),
        ("рыжиком", "ryzhik honey cake"),
        ("сметанником", "sour cream layer cake"),
        ("графских развалин", "meringue mound cake"),
        ("пьяной вишней", "drunken cherry cake"),
        ("тортом «Зебра»", "zebra striped sponge cake"),
        ("трёх шоколадов", "triple chocolate mousse cake"),
        ("торт «Опера»", "opera cake"),
        ("добошем", "dobos torte"),
        ("пирожными-картошкой", "kartoshka chocolate truffle cakes"),
        ("дамскими пальчиками", "ladyfingers"),
        ("торт «Панчо»", "pancho cake"),
        ("чизкейком «Нью-Йорк»", "new york cheesecake"),
    ],
    # decorating and printing techniques
    "techniques": [
        ("с вафельной картинкой", "wafer paper"),
        ("сахарной печатью", "edible sugar sheet"),
        ("трансферной плёнкой", "chocolate transfer sheet"),
        ("велюром", "velour finish"),
        ("бархатным напылением", "velour finish"),
        ("зеркальной глазурью", "mirror glaze"),
        ("ганашем", "ganache"),
        ("капкейками", "cupcakes"),
        ("съедобной картинкой", "edible image print"),
        ("пищевыми чернилами", "edible ink print"),
        ("пищевым фломастером", "edible marker drawing"),
        ("ручной лепкой", "hand-sculpted"),
        ("бордюром по низу", "piped border"),
        ("отсадкой", "piped decoration"),
        ("айсингом", "royal icing"),
        ("аэрографией", "airbrushed"),
    ],
    # the themes children's cakes are ordered for: characters, animals, fairy-tale creatures
    "children's themes": [
        ("с драконом", "dragon"),
        ("динозавриками", "dinosaur"),
        ("русалочкой", "mermaid"),
        ("единорогом", "unicorn"),
        ("принцессой", "princess"),
        ("феечками", "fairy"),
        ("машинками", "toy cars"),
        ("паровозиком", "toy train"),
        ("замком", "castle"),
        ("с пони", "pony"),
        ("мишками", "teddy bear"),
        ("котиками", "cat"),
        ("зайчиками", "bunny"),
        ("лисичкой", "fox"),
        ("слоником", "elephant"),
        ("щенятами", "puppy"),
        ("поросятами", "piglet"),
        ("божьими коровками", "ladybug"),
        ("пчёлками", "bees"),
        ("в стиле космос", "outer space"),
        ("со свинкой Пеппой", "Peppa Pig"),
        ("щенячьим патрулём", "Paw Patrol"),
        ("Машей и Медведем", "Masha and the Bear"),
        ("с Эльзой", "Frozen Elsa"),
        ("«Холодное сердце»", "Frozen Elsa"),
        ("Молния Маккуин", "Lightning McQueen"),
        ("в стиле майнкрафт", "Minecraft"),
    ],
}
CASES = [(family, ru, en) for family, cases in FAMILIES.items() for ru, en in cases]


@pytest.mark.parametrize(("family", "ru", "en"), CASES, ids=[f"{f}: {ru}" for f, ru, _ in CASES])
def test_each_family_is_found_as_one_term_and_reaches_the_prompt(family: str, ru: str, en: str) -> None:
    assert [h.term.en for h in find_hits(ru)] == [en], family
    prompt = GlossaryTranslator(FakeMT(), model_id="fake").translate([f"Торт, {ru}"])[0]
    assert term_position(prompt.text, en) is not None, (ru, prompt)


def test_every_family_is_covered_widely() -> None:
    assert all(len(cases) >= 12 for cases in FAMILIES.values())


@pytest.mark.parametrize(
    ("ru", "mt", "expected"),
    [
        ("торт Прага", "Prague cake", "praga chocolate cake"),
        ("торт Муравейник", "Anthill cake", "crumbled cookie mound cake"),
        ("торт Рыжик", "Ginger cake", "ryzhik honey cake"),
        ("торт с машинками", "cake with typewriters", "cake with toy cars"),
        ("торт с котиками", "cake with seals", "cake with cat"),
        ("торт Холодное сердце", "Cold Heart cake", "Frozen Elsa cake"),
        ("с божьими коровками", "with God's cows", "with ladybug"),
        ("торт с мастичными бантиками", "cake with mastic bows", "cake with fondant bows"),
        ("торт с шоколадными каплями", "cake with chocolate drops", "cake with chocolate drips"),
        ("торт Тачки", "wheelbarrows cake", "Lightning McQueen cake"),
    ],
)
def test_their_mistranslations_are_replaced_in_place(ru: str, mt: str, expected: str) -> None:
    out = GlossaryTranslator(FakeMT({ru: mt}), model_id="fake").translate([ru])[0]
    assert out.text == expected
