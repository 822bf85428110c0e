"""Short news texts in languages other than English, written for newsflow's language benchmark
(our own text, no licence question). Per language: headlines (~50 characters), leads (one or
two sentences) and paragraphs of a few sentences, about invented but ordinary news.

English texts come from the handbook's corpus (bench/language_bench.py reads them).
"""
from __future__ import annotations

SAMPLES: dict[str, list[str]] = {
    "fr": [
        "Grève à la SNCF : le trafic perturbé jeudi",
        "Le gouvernement annonce une hausse du budget de la santé",
        "Emmanuel Macron a reçu mardi à l'Élysée le chancelier allemand pour évoquer la guerre en Ukraine.",
        "La mairie de Lyon a décidé de fermer trois écoles après les inondations qui ont touché la ville ce week-end.",
        "Le tribunal de Marseille a condamné lundi l'ancien maire à deux ans de prison avec sursis pour "
        "détournement de fonds publics. Selon le parquet, plus de 300 000 euros auraient été versés à une "
        "association proche de l'élu entre 2015 et 2019. Son avocat a annoncé qu'il ferait appel de cette "
        "décision, qu'il juge « disproportionnée ».",
        "Les prix de l'énergie ont encore augmenté en octobre, selon les chiffres publiés vendredi par "
        "l'Insee. L'inflation atteint 3,1 % sur un an, tirée par l'électricité et le gaz. Le ministre de "
        "l'Économie, Bruno Le Maire, a promis des mesures pour les ménages les plus modestes, sans en "
        "préciser le montant. Les syndicats appellent à une journée de mobilisation la semaine prochaine.",
        "Le Paris Saint-Germain s'est imposé 3-1 face à l'Olympique de Marseille dimanche soir au Parc des "
        "Princes. Kylian Mbappé a inscrit un doublé, tandis que les Marseillais ont réduit l'écart en fin "
        "de match. Avec cette victoire, le club parisien reprend la tête du championnat.",
    ],
    "de": [
        "Bahnstreik legt Fernverkehr in ganz Deutschland lahm",
        "Bundestag beschließt neues Gesetz zur Rente",
        "Bundeskanzler Olaf Scholz hat am Dienstag in Berlin den französischen Präsidenten empfangen.",
        "Nach den schweren Unwettern in Bayern sind zahlreiche Straßen weiterhin gesperrt, teilte die Polizei mit.",
        "Die Inflation in Deutschland ist im Oktober leicht gesunken. Nach Angaben des Statistischen "
        "Bundesamtes lagen die Verbraucherpreise 2,9 Prozent über dem Vorjahresniveau. Vor allem Energie "
        "wurde günstiger, während Lebensmittel weiter teurer wurden. Ökonomen rechnen damit, dass die "
        "Europäische Zentralbank die Zinsen vorerst nicht senken wird.",
        "Der FC Bayern München hat das Spitzenspiel gegen Borussia Dortmund mit 2:0 gewonnen. Harry Kane "
        "traf zweimal in der zweiten Halbzeit. Damit bauen die Münchner ihren Vorsprung in der Tabelle "
        "auf vier Punkte aus.",
    ],
    "es": [
        "Huelga de transporte en Madrid este lunes",
        "El Gobierno aprueba la subida del salario mínimo",
        "El presidente del Gobierno, Pedro Sánchez, se reunió este martes en Bruselas con la presidenta de la Comisión Europea.",
        "Las lluvias torrenciales han obligado a evacuar a más de mil vecinos en la provincia de Valencia.",
        "El Banco de España ha revisado al alza su previsión de crecimiento para este año, hasta el 2,3 %. "
        "Según el informe publicado este miércoles, el consumo de los hogares y el turismo siguen tirando "
        "de la economía, aunque la inversión empresarial se mantiene débil. El organismo advierte de que "
        "la incertidumbre internacional podría frenar las exportaciones.",
        "El Real Madrid venció por 2-1 al FC Barcelona en el Santiago Bernabéu. Vinícius Júnior marcó el "
        "gol de la victoria en el minuto 85, tras una jugada individual. El equipo blanco se coloca líder "
        "de la Liga con tres puntos de ventaja.",
    ],
    "it": [
        "Sciopero dei treni, disagi in tutta Italia",
        "Il governo approva la legge di bilancio",
        "La presidente del Consiglio Giorgia Meloni ha incontrato martedì a Roma il cancelliere tedesco.",
        "Il maltempo ha colpito la Liguria nella notte: chiuse le scuole a Genova e in diversi comuni della costa.",
        "L'Istat ha comunicato che l'inflazione in ottobre è scesa all'1,8 per cento su base annua. A "
        "pesare sono soprattutto i prezzi dell'energia, in calo rispetto allo scorso anno, mentre i "
        "prodotti alimentari continuano ad aumentare. Le associazioni dei consumatori chiedono al governo "
        "interventi per sostenere le famiglie.",
    ],
    "pt": [
        "Greve dos professores fecha escolas em Lisboa",
        "Governo anuncia aumento das pensões para o próximo ano",
        "O presidente Luiz Inácio Lula da Silva reuniu-se nesta terça-feira em Brasília com ministros do seu governo.",
        "O Banco de Portugal reviu em alta a previsão de crescimento da economia para este ano. Segundo o "
        "relatório divulgado nesta quarta-feira, o turismo e as exportações continuam a sustentar a "
        "atividade, mas o investimento público ficou abaixo do esperado.",
    ],
    "nl": [
        "Treinstaking legt verkeer in Nederland plat",
        "Het kabinet presenteert nieuwe plannen voor de woningmarkt",
        "Premier Mark Rutte sprak dinsdag in Den Haag met de Franse president over de oorlog in Oekraïne.",
        "De inflatie in Nederland is in oktober verder gedaald, meldt het Centraal Bureau voor de "
        "Statistiek. Vooral energie werd goedkoper, terwijl boodschappen in de supermarkt nog altijd "
        "duurder worden. Economen verwachten dat de prijzen volgend jaar stabiliseren.",
    ],
    "pl": [
        "Strajk kolejarzy sparaliżował ruch w całej Polsce",
        "Premier Donald Tusk spotkał się we wtorek w Warszawie z prezydentem Francji.",
    ],
    "ru": [
        "В Москве прошли переговоры министров иностранных дел",
        "Центральный банк России в пятницу сохранил ключевую ставку без изменений, сообщила пресс-служба регулятора.",
    ],
}
