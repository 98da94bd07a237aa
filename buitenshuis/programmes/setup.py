# SPDX-FileCopyrightText: 2026 Buitenshuis contributors
# SPDX-License-Identifier: EUPL-1.2

"""The guide's tasks for setting up a programme (seed 001, *Handreiking
voor gemeenten*), phase by phase: the checklist every programme starts
with (``rules.checklist``). The titles and explanations are the guide's,
shortened; the coordinator may add tasks of their own and remove these."""

from buitenshuis.programmes.models import Phase

# (key, phase, title, explanation), in the guide's order.
DEFAULT_TASKS = (
    (
        "know_the_approach",
        Phase.EXPLORING,
        "Raak bekend met het Buitenshuisproject",
        "Zorg dat de betrokkenen, en vooral de trekker (coördinator of projectleider), de "
        "principes van het Buitenshuisproject goed kennen: twee jaar een gewone activiteit "
        "buitenshuis, getrainde medewerkers en een linking pin. Dat bepaalt wat u in de "
        "voorbereidende fase gaat doen.",
    ),
    (
        "existing_help",
        Phase.EXPLORING,
        "Breng het bestaande aanbod en de financiering in kaart",
        "Verken welk aanbod er al is voor kinderen in een kwetsbaar gezin, hoe het "
        "Buitenshuisproject daarop aansluit, waarin het verschilt (twee jaar in plaats van de "
        "gebruikelijke zes maanden SMI; traumasensitief werken; werken aan de thuissituatie) en "
        "hoe het bestaande aanbod gefinancierd wordt.",
    ),
    (
        "project_leader",
        Phase.EXPLORING,
        "Benoem een projectleider of coördinator",
        "Wijs één centraal contactpersoon aan die bevlogen is en achter de aanpak staat, en die "
        "zorgt dat er energie in het project blijft. Dat hoeft niet iemand van de gemeente te "
        "zijn.",
    ),
    (
        "involve_parties",
        Phase.EXPLORING,
        "Betrek vanaf de start alle relevante partijen",
        "Bedenk met welke partijen u het project uitvoert en geef hen invloed op het proces en "
        "het resultaat; dat is van belang voor een duurzame implementatie.",
    ),
    (
        "project_plan",
        Phase.EXPLORING,
        "Schrijf een projectplan",
        "Leg de beslissingen over het project vast in een handzaam document met de werkwijze in "
        "uw gemeente. Het projectplan in Buitenshuis maakt dat uit wat hier is ingesteld.",
    ),
    (
        "support",
        Phase.EXPLORING,
        "Zorg voor politiek en bestuurlijk draagvlak",
        "De neuzen moeten dezelfde kant op staan: het management van de uitvoerende partijen "
        "stemt in met de inzet van hun medewerkers, en er is draagvlak bij de gemeenteraad.",
    ),
    (
        "no_single_person",
        Phase.EXPLORING,
        "Voorkom éénpitters",
        "Zorg dat projectleiders, contactpersonen bij partners en linking pins binnen hun eigen "
        "organisatie een sparringpartner hebben, zodat de aanpak niet op één persoon leunt.",
    ),
    (
        "target_group",
        Phase.PREPARING,
        "Definieer de doelgroep en het aantal gezinnen",
        "Bepaal voor welke gezinnen u het project inzet (KOPP/KOV/KOVB of kwetsbare gezinnen in "
        "bredere zin; de handreiking adviseert relatief 'zware' gezinnen) en voor hoeveel: een "
        "vast aantal gezinnen of een vast bedrag. Leg dit vast in de instellingen.",
    ),
    (
        "referral_route",
        Phase.PREPARING,
        "Leg de aanmeldroute vast en wie beslist",
        "Besluit wie mag aanmelden, hoe er wordt aangemeld en wie de uiteindelijke beslissing "
        "neemt (de beleidsmedewerker, of de linking pin binnen een afgesproken aantal gezinnen). "
        "Wachten op akkoord per gezin mag de start niet vertragen. Communiceer de route actief.",
    ),
    (
        "partner_agreements",
        Phase.PREPARING,
        "Maak samenwerkingsafspraken met de partners",
        "Breng in kaart met welke partijen u samenwerkt, in de rollen uitvoering, verwijzer, "
        "omgeving en zorg, en laat hen een (al dan niet symbolische) intentieverklaring tekenen.",
    ),
    (
        "budget",
        Phase.PREPARING,
        "Reserveer middelen",
        "De kosten zijn de buitenshuis-activiteit, de uren van de linking pin en de training. "
        "Reken met ongeveer 34.000 tot 45.000 euro per gezin met twee kinderen voor twee jaar. "
        "Een pilot duurt bij voorkeur ten minste twee jaar uitvoering.",
    ),
    (
        "buy_places",
        Phase.PREPARING,
        "Koop opvangplekken in met een overeenkomst",
        "Sluit overeenkomsten met kinderopvang, BSO's, sportverenigingen en huiswerkbegeleiding, "
        "zodat de financiën eenvoudig zijn, bijvoorbeeld met een jaarlijkse in plaats van een "
        "maandelijkse declaratie. Besluit of u een (kleine) ouderbijdrage vraagt. Let op een "
        "korte reisafstand voor de kinderen.",
    ),
    (
        "sustainability",
        Phase.PREPARING,
        "Denk na over duurzaamheid na twee jaar",
        "Werk tijdens de twee jaar aan blijvende verbetering in het gezin en spreek af wat er na "
        "twee jaar kan: doorgaan, doorgaan met een ouderbijdrage, minder intensief doorgaan, of "
        "doorverwijzen naar ander aanbod.",
    ),
    (
        "training",
        Phase.EXECUTING,
        "Laat linking pins en opvangmedewerkers trainen",
        "De training Traumasensitief werken komt vóór het begeleiden van gezinnen: linking pins "
        "volgen e-learning, een trainingsdag en een terugkomdagdeel; per opvanglocatie volgt "
        "ten minste één medewerker e-learning en een bijeenkomst.",
    ),
    (
        "kick_off",
        Phase.EXECUTING,
        "Organiseer een startbijeenkomst",
        "De officiële aftrap: informatie over de aanleiding en het project, en elkaar leren "
        "kennen, met de opvangorganisaties, linking pins, verwijzers en andere partners. Een "
        "goed moment om de intentieverklaringen te tekenen.",
    ),
    (
        "make_known",
        Phase.EXECUTING,
        "Maak het project bekend bij de regiopartners",
        "Zorg dat zowel het management als de professionals van de verwijzende partijen het "
        "project kennen, bijvoorbeeld met presentaties door de linking pins. Houd de "
        "samenwerking levend met periodiek overleg.",
    ),
    (
        "support_families",
        Phase.EXECUTING,
        "Ondersteun de gezinnen",
        "Gezinnen komen via de afgesproken routes bij de linking pin, die binnen 24 tot 48 uur "
        "de activiteit regelt, de netwerkpartners om tafel brengt en twee jaar contact houdt.",
    ),
    (
        "monitoring",
        Phase.EXECUTING,
        "Monitor en evalueer",
        "Stel vanaf de start met de partners indicatoren op: hoeveel kinderen starten, of "
        "uithuisplaatsingen zijn voorkomen, de tijd van de linking pin per gezin, de "
        "samenwerking, en de ervaringen van kinderen, ouders en professionals.",
    ),
)

# Room between the guide's tasks for tasks the coordinator adds.
ORDER_STEP = 10
