"""Tables for bench/linkage_gen2.py: Malian names and places as this generator models them.

Written from /work/shared/design/{linkage,domain,relief}.md, issue 13 and general knowledge of Mali,
without reading generator 1 or the linkage engine. Weights are relative frequencies and are guesses
unless a comment names a source; they only need the shape the sources describe (a few dominant
family names, a dozen dominant given names, unstable spellings).
"""

# Family names (jamu) per community, with weights. Sources: linkage.md "Malian naming facts" names the
# dominant ones; the rest and all weights are general knowledge / guesses.
FAMILY_BY_GROUP = {
    "bambara": [
        ("Traoré", 14), ("Coulibaly", 14), ("Diarra", 10), ("Keïta", 7), ("Koné", 6), ("Konaté", 5),
        ("Doumbia", 5), ("Dembélé", 5), ("Camara", 4), ("Samaké", 4), ("Diakité", 4), ("Sissoko", 3),
        ("Kanté", 3), ("Sanogo", 3), ("Bagayoko", 3), ("Fofana", 2), ("Kouyaté", 2), ("Mariko", 2),
        ("Dao", 2), ("Berthé", 2), ("Tangara", 2), ("Togola", 2), ("Fomba", 1), ("Bengaly", 1),
    ],
    "fulbe": [
        ("Diallo", 22), ("Sidibé", 9), ("Bah", 8), ("Sangaré", 8), ("Sow", 7), ("Dicko", 7), ("Barry", 6),
        ("Cissé", 5), ("Bocoum", 4), ("Diakité", 4), ("Tamboura", 3), ("Dia", 2), ("Tall", 2), ("Boly", 2),
    ],
    "dogon": [
        ("Guindo", 18), ("Dolo", 12), ("Tembely", 7), ("Togo", 7), ("Kassogué", 6), ("Ongoïba", 5),
        ("Sagara", 5), ("Poudiougo", 4), ("Kodio", 4), ("Karambé", 4), ("Dara", 3), ("Saye", 3),
        ("Djimdé", 3), ("Yalcouyé", 3), ("Ouologuem", 2), ("Timbiné", 2), ("Témé", 2),
    ],
    "songhai": [
        ("Maïga", 30), ("Touré", 15), ("Cissé", 8), ("Haïdara", 6), ("Traoré", 4), ("Yattara", 3),
        ("Dicko", 3), ("Djitteye", 2), ("Kounta", 2), ("Arby", 2), ("Baby", 2), ("Sidibé", 2),
    ],
    "bozo": [
        ("Tapo", 8), ("Nientao", 6), ("Kanta", 6), ("Karabenta", 4), ("Djénépo", 4), ("Sinayoko", 3),
        ("Kansaye", 2), ("Traoré", 2),
    ],
    "soninke": [
        ("Cissé", 8), ("Sylla", 7), ("Diawara", 7), ("Soumaré", 6), ("Dramé", 5), ("Sacko", 5),
        ("Tounkara", 5), ("Doucouré", 5), ("Kanouté", 4), ("Niakaté", 4), ("Diaby", 4), ("Camara", 4),
        ("Traoré", 4), ("Bathily", 3), ("Sissoko", 3), ("Gassama", 3), ("Touré", 2), ("Konaté", 2),
    ],
    "senufo": [
        ("Koné", 10), ("Coulibaly", 10), ("Ouattara", 8), ("Sanogo", 8), ("Traoré", 8), ("Berthé", 4),
        ("Dembélé", 4), ("Diamoutené", 3), ("Bengaly", 3), ("Togola", 3),
    ],
    # Tamasheq names are patronymic ("Mohamed Ag Ahmed", "Fadimata Walet Ahmed"): the generator builds
    # them from the father's given name; these clan names are the minority that is not (a guess).
    "tamasheq": [("Ansari", 3), ("Kounta", 2), ("Intallah", 1)],
}

# Spelling variants of family names, usual French form first. Source: linkage.md (Koné/Kônè, Traoré/
# Tarawélé, Doumbia/Doumbouya, Coulibaly/Couloubaly/Kulibali, C/K/Qu, ou/u, Di/Dj/J, C/S/SS, moved
# diacritics, final -h) and domain.md (Coulibaly, Kulibali, Koulibaly); the rest built on those rules.
FAMILY_VARIANTS = {
    "Traoré": ["Traore", "Tarawélé", "Tarawele", "Trawore", "Traoret"],
    "Coulibaly": ["Couloubaly", "Kulibali", "Koulibaly", "Coulibali", "Kouloubali"],
    "Diarra": ["Jara", "Djarra", "Diara"],
    "Keïta": ["Keita", "Kéita", "Keyta", "Kéïta"],
    "Koné": ["Kone", "Kônè", "Konè"],
    "Konaté": ["Konate", "Konatè"],
    "Doumbia": ["Doumbouya", "Dumbia", "Doumbya"],
    "Dembélé": ["Dembele", "Dembelé", "Dembélè"],
    "Camara": ["Kamara"],
    "Samaké": ["Samake", "Samakè"],
    "Diakité": ["Diakite", "Jakite", "Djakité"],
    "Sissoko": ["Cissoko", "Sisoko"],
    "Kanté": ["Kante", "Kantè"],
    "Sanogo": ["Sanoko", "Sanogho"],
    "Bagayoko": ["Bagayogo", "Bagayoco"],
    "Fofana": ["Fofanah"],
    "Kouyaté": ["Kouyate", "Kuyate"],
    "Berthé": ["Berthe", "Berté"],
    "Dao": ["Daou"],
    "Bengaly": ["Bengali"],
    "Togola": ["Togora"],
    "Diallo": ["Jallo", "Djallo", "Dialo"],
    "Sidibé": ["Sidibe", "Sidibè"],
    "Bah": ["Ba"],
    "Sangaré": ["Sangare", "Sangharé"],
    "Sow": ["So"],
    "Dicko": ["Diko", "Dikko"],
    "Barry": ["Bary", "Bari"],
    "Cissé": ["Cisse", "Sissé", "Sisse"],
    "Bocoum": ["Bokoum", "Bocum"],
    "Tamboura": ["Tambura"],
    "Tall": ["Tal"],
    "Guindo": ["Guindou", "Ghindo"],
    "Tembely": ["Tembeli", "Tembélé"],
    "Kassogué": ["Kassogue", "Kasogué"],
    "Ongoïba": ["Ongoiba", "Ongoyba"],
    "Poudiougo": ["Pudiugo", "Poudiougou"],
    "Karambé": ["Karambe"],
    "Djimdé": ["Djimde", "Jimdé"],
    "Yalcouyé": ["Yalcouye", "Yalkouyé"],
    "Ouologuem": ["Wologuem", "Ologuem"],
    "Timbiné": ["Timbine"],
    "Témé": ["Teme"],
    "Maïga": ["Maiga", "Mahiga", "Maïka"],
    "Touré": ["Toure", "Turé"],
    "Haïdara": ["Haidara", "Aïdara", "Haydara"],
    "Yattara": ["Yatara"],
    "Djitteye": ["Djiteye", "Jitteye"],
    "Nientao": ["Nyentao", "Niantao"],
    "Djénépo": ["Djenepo", "Jenepo"],
    "Sylla": ["Sila", "Silla"],
    "Diawara": ["Jawara", "Diawarra"],
    "Soumaré": ["Soumare", "Sumaré"],
    "Dramé": ["Drame", "Dramè"],
    "Sacko": ["Sakho", "Sako"],
    "Tounkara": ["Tunkara"],
    "Doucouré": ["Doucoure", "Dukuré"],
    "Kanouté": ["Kanoute"],
    "Niakaté": ["Niakate", "Nyakaté"],
    "Diaby": ["Diabi", "Jaby"],
    "Bathily": ["Bathili", "Batily"],
    "Gassama": ["Gasama"],
    "Ouattara": ["Wattara", "Watara", "Ouatara"],
    "Diamoutené": ["Diamoutene", "Jamutene"],
    "Ansari": ["Ansary", "Al Ansari"],
    "Intallah": ["Intalla"],
}

# Given names: (usual form, weight, other spellings, nicknames / diminutives). Source for the forms:
# linkage.md (Mamadou/Mamadu/Mahamadou/Madou ~ Mohamed; Amadou/Ahmadou; Brahima/Bréhima ~ Ibrahim;
# Boubacar/Aboubacar/Bakary/Bocar; Fatoumata/Fatimata/Fadimata/Fatouma; Aminata/Aminatou; Kadiatou/
# Kadidia; Hawa/Awa; Mariam/Mariama; Fanta/Fatou, Ami, Laye, Solo, Mah) and domain.md; weights guessed
# so that about a dozen names dominate. Bakary is both a name of its own and a nickname of Boubacar
# (issue 13: "Bakary/Boubacar are not always one name"); Fanta likewise for Fatoumata.
MALE_GIVEN = [
    ("Mamadou", 12, ["Mamadu", "Mahamadou", "Mohamed", "Mahamadu"], ["Madou", "Mady"]),
    ("Amadou", 8, ["Ahmadou", "Hamadou", "Amadu"], ["Hama", "Madou"]),
    ("Moussa", 7, ["Musa", "Mousa"], []),
    ("Boubacar", 6, ["Aboubacar", "Boubakar", "Bocar", "Aboubakar"], ["Bakary", "Bouba"]),
    ("Brahima", 5, ["Bréhima", "Ibrahima", "Ibrahim", "Birahima"], ["Ibra", "Bra"]),
    ("Souleymane", 5, ["Souleimane", "Souleyman", "Suleyman"], ["Solo", "Souley"]),
    ("Abdoulaye", 5, ["Abdoulay", "Abdullahi", "Abdoulahi"], ["Laye", "Ablaye"]),
    ("Bakary", 4, ["Bakari", "Bakar"], ["Baba"]),
    ("Seydou", 4, ["Seidou", "Seydu", "Sédou"], []),
    ("Yacouba", 4, ["Yakuba", "Yacoub", "Yakouba"], ["Yacou"]),
    ("Ousmane", 4, ["Usman", "Ousman", "Housmane"], []),
    ("Oumar", 4, ["Umar", "Omar", "Oumarou"], []),
    ("Adama", 4, ["Adam"], []),
    ("Drissa", 3, ["Idrissa", "Driss"], []),
    ("Sékou", 3, ["Sekou", "Seku"], []),
    ("Issa", 3, ["Issiaka"], []),
    ("Hamidou", 2, ["Amidou", "Hamidu"], []),
    ("Youssouf", 2, ["Yousouf", "Youssoufa", "Yusuf"], []),
    ("Daouda", 2, ["Dauda", "Dawuda"], []),
    ("Salif", 2, ["Salifou", "Saliou"], []),
    ("Siaka", 2, ["Siyaka"], []),
    ("Modibo", 2, [], []),
    ("Lassana", 2, ["Lassina", "Lasana"], ["Lass"]),
    ("Fousseyni", 2, ["Fousseini", "Fouseyni", "Housseini"], []),
    ("Alassane", 2, ["Alhassane", "Alasane"], []),
    ("Hassane", 1, ["Assane", "Hasane"], []),
    ("Harouna", 2, ["Arouna", "Haroun"], []),
    ("Boureima", 2, ["Bourema", "Boureyma", "Bouréima"], []),
    ("Cheick", 2, ["Cheik", "Cheickh", "Sheick"], []),
    ("Kalifa", 1, ["Khalifa"], []),
    ("Tiémoko", 1, ["Tiemoko", "Tiemogo"], []),
    ("Dramane", 1, ["Abdramane", "Abdourahamane"], []),
    ("Nouhoum", 1, ["Nouhou", "Nuhum"], []),
    ("Mohamed", 2, ["Mohammed", "Mouhamed", "Mahamed"], ["Hamma"]),
    ("Ali", 1, ["Aly"], []),
    ("Sidi", 1, ["Sidy"], []),
]

FEMALE_GIVEN = [
    ("Fatoumata", 12, ["Fatimata", "Fadimata", "Fatouma", "Fatoumatou"], ["Fanta", "Fatou", "Tata"]),
    ("Aminata", 8, ["Aminatou", "Aminta"], ["Ami", "Mina"]),
    ("Mariam", 7, ["Mariama", "Mariame", "Maryam"], ["Mah"]),
    ("Kadiatou", 6, ["Kadidia", "Khadija", "Kadidiatou", "Kadiatu"], ["Kadi", "Diatou"]),
    ("Awa", 6, ["Hawa", "Hawaou"], []),
    ("Oumou", 5, ["Umu", "Oumo"], []),
    ("Aïssata", 4, ["Aissata", "Aïcha", "Aichata"], ["Aïssa"]),
    ("Djénéba", 4, ["Djeneba", "Jeneba", "Zeinab", "Zénabou"], []),
    ("Assétou", 4, ["Assetou", "Assita", "Asseta"], ["Sétou"]),
    ("Rokia", 4, ["Rokiatou", "Rokya", "Rockia"], ["Roki"]),
    ("Salimata", 3, ["Salimatou", "Salamata"], ["Sali"]),
    ("Maïmouna", 3, ["Maimouna", "Mamouna"], ["Mouna"]),
    ("Bintou", 3, ["Binta", "Bintu"], []),
    ("Fanta", 2, [], []),
    ("Nana", 2, [], []),
    ("Sira", 2, ["Siré"], []),
    ("Korotoumou", 2, ["Korotimi", "Korotoum"], ["Koro"]),
    ("Safiatou", 2, ["Safiata", "Saffiatou"], ["Safi"]),
    ("Ramata", 2, ["Ramatou", "Ramatoulaye"], []),
    ("Coumba", 2, ["Kumba", "Koumba"], []),
    ("Haby", 1, ["Habi"], []),
    ("Tenin", 1, ["Ténin"], []),
    ("Sitan", 1, [], []),
    ("Alimata", 1, ["Halimata"], []),
    ("Hassanatou", 1, ["Assanatou"], []),
    ("Housseynatou", 1, ["Housseinatou", "Oussénatou"], []),
]

# Names a community gives more often than the common pool (weight added to the pool's). Guesses.
GROUP_GIVEN_EXTRA = {
    "dogon": {
        "M": [("Ogobara", 3, [], []), ("Amagana", 2, [], []), ("Atimé", 2, ["Atime"], [])],
        "F": [("Yakagnon", 1, [], [])],
    },
    "fulbe": {
        "M": [("Hamadoun", 4, ["Amadoun", "Hamadou"], []), ("Allaye", 3, ["Alaye"], [])],
        "F": [("Hadja", 2, ["Hadjia"], [])],
    },
    "songhai": {
        "M": [("Mahamane", 4, ["Mahaman"], []), ("Alkaya", 2, [], [])],
        "F": [("Hadiza", 2, ["Hadijatou"], [])],
    },
    "tamasheq": {
        "M": [("Mohamed", 10, ["Mohammed", "Mouhamed"], ["Hamma"]), ("Ahmed", 6, ["Ahmad", "Akhmed"], []),
              ("Intalla", 3, ["Intallah"], []), ("Aghaly", 3, ["Aghali"], []), ("Alhousseini", 2, ["Alhousseiny"], [])],
        "F": [("Fadimata", 6, ["Fatimata"], []), ("Aïchatou", 3, ["Aichatou"], []), ("Tina", 2, [], [])],
    },
    "bambara": {"M": [("Zoumana", 2, [], []), ("Moriba", 1, [], [])], "F": [("Kadi", 1, [], [])]},
}

# Second parts of compound given names ("Mamadou Lamine", "Cheick Oumar", "Fatoumata Binta"); linkage.md:
# about one in ten given names is compound.
COMPOUND_SECOND = {
    "M": ["Lamine", "Oumar", "Tidiane", "Moctar", "Hamala", "Baba", "Sidiki"],
    "F": ["Binta", "Kalsoum", "Sadio", "Bintou", "Dado"],
}

# Traditional names of twins (linkage.md): (first, second, sexes).
TWIN_NAMES = [
    ("Lassana", "Fousseyni", "MM"), ("Alassane", "Hassane", "MM"),
    ("Hassanatou", "Housseynatou", "FF"), ("Adama", "Awa", "MF"),
]

# Place hierarchy région -> cercle -> communes, with spelling variants seen in lists and on forms. The
# administrative names are public (pre-2023 régions, as relief.md's P-code section uses); variants are
# built on the same rules as names (accents, ou/u, dj/j) plus a few field spellings (guesses).
# Each cercle carries the community mix of people who come from it (guess from general knowledge:
# Bandiagara/Bankass/Koro Dogon and Fulbe, the Niger delta Fulbe and Bozo, the north Songhai and
# Tamasheq, Kayes Soninke, Kati Bambara). Never written to the output: only names follow it.
PLACES = {
    "Mopti": {
        "Mopti": (["Mopti", "Socoura", "Fatoma", "Konna", "Sio", "Soye", "Dialloubé", "Ouroubé Doudé"],
                  {"fulbe": 35, "bozo": 20, "bambara": 15, "songhai": 10, "dogon": 15, "soninke": 5}),
        "Bandiagara": (["Bandiagara", "Sangha", "Dourou", "Kendié", "Wadouba", "Doucombo", "Ningari"],
                       {"dogon": 70, "fulbe": 25, "bambara": 5}),
        "Bankass": (["Bankass", "Diallassagou", "Ségué", "Kani-Bonzon", "Baye", "Sokoura"],
                    {"dogon": 60, "fulbe": 35, "bambara": 5}),
        "Koro": (["Koro", "Dinangourou", "Madougou", "Diankabou", "Bondo", "Yoro", "Dioungani"],
                 {"dogon": 55, "fulbe": 40, "songhai": 5}),
        "Douentza": (["Douentza", "Boni", "Hombori", "Mondoro", "Dallah", "Boré", "Djaptodji"],
                     {"fulbe": 50, "dogon": 25, "songhai": 15, "tamasheq": 5, "bambara": 5}),
        "Djenné": (["Djenné", "Fakala", "Ouro Ali", "Madiama", "Kewa"],
                   {"fulbe": 40, "bozo": 20, "bambara": 20, "soninke": 15, "songhai": 5}),
        "Ténenkou": (["Ténenkou", "Toguéré-Coumbé", "Diafarabé", "Diondori", "Sougoulbé"],
                     {"fulbe": 60, "bozo": 20, "bambara": 20}),
        "Youwarou": (["Youwarou", "Dirma", "Dongo", "Deboye"],
                     {"fulbe": 55, "bozo": 25, "songhai": 10, "tamasheq": 10}),
    },
    "Ségou": {
        "Niono": (["Niono", "Siribala", "Diabaly", "Dogofry", "Sokolo"],
                  {"bambara": 45, "fulbe": 35, "soninke": 10, "bozo": 10}),
        "Macina": (["Macina", "Monimpébougou", "Kokry", "Saloba"], {"bambara": 40, "fulbe": 40, "bozo": 20}),
    },
    "Tombouctou": {
        "Tombouctou": (["Tombouctou", "Ber", "Bourem-Inaly", "Salam"],
                       {"songhai": 50, "tamasheq": 30, "fulbe": 10, "bambara": 10}),
        "Niafunké": (["Niafunké", "Léré", "Soumpi", "Soboundou"],
                     {"songhai": 35, "fulbe": 35, "tamasheq": 20, "bozo": 10}),
        "Goundam": (["Goundam", "Tonka", "Douékiré", "Tilemsi"], {"songhai": 40, "tamasheq": 35, "fulbe": 25}),
        "Diré": (["Diré", "Tindirma", "Haïbongo"], {"songhai": 60, "fulbe": 20, "tamasheq": 20}),
    },
    "Gao": {
        "Gao": (["Gao", "Sonni Ali Ber", "Anchawadi", "Gounzoureye"], {"songhai": 65, "tamasheq": 20, "fulbe": 15}),
        "Ansongo": (["Ansongo", "Ouattagouna", "Bourra", "Tessit"], {"songhai": 55, "tamasheq": 30, "fulbe": 15}),
        "Bourem": (["Bourem", "Bamba", "Taboye", "Temera"], {"songhai": 60, "tamasheq": 40}),
    },
    "Kayes": {
        "Kayes": (["Khouloum", "Kayes", "Liberté Dembaya", "Hawa Dembaya", "Sadiola", "Diamou", "Samé Diomgoma"],
                  {"soninke": 40, "bambara": 30, "fulbe": 25, "senufo": 5}),
        "Kita": (["Kita", "Sébékoro", "Kokofata", "Sirakoro", "Badia", "Kassaro"],
                 {"bambara": 60, "fulbe": 20, "soninke": 20}),
        "Nioro": (["Nioro", "Troungoumbé", "Gadiaba Kadiel"], {"soninke": 60, "fulbe": 30, "bambara": 10}),
    },
    "Koulikoro": {
        "Kati": (["Sanankoroba", "Kati", "Dialakoroba", "Ouéléssébougou", "Baguinéda", "Siby"],
                 {"bambara": 80, "fulbe": 10, "senufo": 5, "soninke": 5}),
        "Koulikoro": (["Koulikoro", "Tienfala", "Méguétan"], {"bambara": 85, "bozo": 5, "fulbe": 10}),
    },
}

# Field spellings of places beyond the accent and ou/u rules (guesses, in the style of the name variants).
PLACE_VARIANTS = {
    "Tombouctou": ["Timbuktu", "Tomboctou"], "Djenné": ["Jenne", "Djene"], "Douentza": ["Duentza", "Douenza"],
    "Bandiagara": ["Bandjagara", "Bandiagra"], "Niafunké": ["Niafounké", "Niafunke"],
    "Ténenkou": ["Tenenku", "Tenenkou"],
    "Dinangourou": ["Dinangoro", "Dinangourou Dogon"], "Hombori": ["Homburi", "Hombory"], "Ségou": ["Segu", "Sego"],
    "Diallassagou": ["Dialassagou", "Jalasagu"], "Khouloum": ["Kouloum", "Khoulom"], "Sanankoroba": ["Sanankorba"],
    "Ouéléssébougou": ["Ouelessebougou", "Welesebugu"], "Kani-Bonzon": ["Kani Bonzon", "Kanibonzon"],
    "Youwarou": ["Youvarou", "Yuwaru"], "Toguéré-Coumbé": ["Togueré Koumbé", "Toguere Coumbe"],
    "Monimpébougou": ["Monipebougou", "Monimpe"], "Ansongo": ["Asongo"], "Goundam": ["Gundam"],
}

# Registration sites (current_site), their région and weight, and a short code for household numbers.
# domain.md: relief is run from Mopti (10,000 IDPs), Khouloum has food-crisis work, the villages are
# Sanankoroba, Kita, Socoura, Khouloum. The split of registrations between sites is a guess.
SITES = [
    ("Socoura", "Mopti", 20, "SOC"), ("Sévaré", "Mopti", 15, "SEV"), ("Mopti Digue", "Mopti", 10, "MDG"),
    ("Mopti Komoguel", "Mopti", 8, "MKG"), ("Fatoma", "Mopti", 6, "FAT"), ("Bandiagara ville", "Mopti", 6, "BDG"),
    ("Douentza ville", "Mopti", 5, "DTZ"), ("Khouloum", "Kayes", 12, "KHO"), ("Kita", "Kayes", 8, "KIT"),
    ("Sanankoroba", "Koulikoro", 10, "SAN"),
]

# Where the households registered at a site come from: displaced households at Mopti sites come from the
# centre and the north; at Kayes and Koulikoro sites registration is mostly of local households (food
# crisis, family strengthening). Shares are guesses.
ORIGIN_REGIONS_BY_SITE_REGION = {
    "Mopti": {"Mopti": 60, "Tombouctou": 15, "Gao": 8, "Ségou": 17},
    "Kayes": {"Kayes": 85, "Mopti": 10, "Ségou": 5},
    "Koulikoro": {"Koulikoro": 80, "Mopti": 12, "Ségou": 8},
}
