//! The `untranslated` category at the document level: whole short articles with text left in
//! another language or translated word for word, and articles full of foreign names that
//! must stay silent.

use std::sync::LazyLock;

use mtlint::rules::{RuleSet, builtin_sources, load_packs};
use mtlint::{Category, Diagnostic, Document};

static RULES: LazyLock<RuleSet> = LazyLock::new(|| {
    let sources: Vec<_> = builtin_sources()
        .into_iter()
        .filter(|s| s.path.ends_with("language.toml") || s.path.ends_with("calques.toml"))
        .collect();
    let (rules, errors) = load_packs(&sources);
    assert!(errors.is_empty(), "{errors:?}");
    RuleSet::new(rules)
});

fn lint(text: &str) -> Vec<Diagnostic> {
    RULES.lint(&Document::new(text))
}

fn found(text: &str) -> Vec<(String, String)> {
    lint(text).into_iter().map(|d| (d.rule, d.matched)).collect()
}

macro_rules! assert_finds {
    ($text:expr, [$(($rule:expr, $matched:expr)),* $(,)?]) => {{
        let expected: Vec<(String, String)> =
            vec![$(($rule.to_string(), $matched.to_string())),*];
        assert_eq!(found($text), expected);
    }};
}

#[test]
fn every_rule_of_the_packs_is_in_the_untranslated_category() {
    for rule in RULES.rules() {
        assert_eq!(rule.category, Category::Untranslated, "{}", rule.id);
    }
}

#[test]
fn foreign_sentence_in_an_english_article() {
    let article = "\
Town mourns teacher killed in bridge collapse

The town of Lucca held a vigil on Sunday for the teacher who died when a footbridge over the \
river collapsed on Friday evening. Hundreds of people gathered in the main square, and the \
mayor announced a day of mourning.

Her sister wrote on social media that the family was overwhelmed by the support.

Era una donna forte e generosa, che amava i suoi studenti più di ogni altra cosa.

Investigators said the bridge had been inspected in March and that no defects were found. \
The regional government has ordered checks on all similar structures.
";
    let diagnostics = lint(article);
    assert_eq!(diagnostics.len(), 1, "{diagnostics:#?}");
    let d = &diagnostics[0];
    assert_eq!(d.rule, "language/untranslated");
    assert_eq!(
        d.matched,
        "Era una donna forte e generosa, che amava i suoi studenti più di ogni altra cosa."
    );
    assert_eq!(&article[d.span.clone()], d.matched);
}

#[test]
fn editor_note_and_skipped_words_inside_english_sentences() {
    let article = "\
Unions and employers reached a deal on Tuesday on the sharing of profits. The minister also \
cited the reform of France Travail [transformation de Pôle Emploi, NDLR] and said talks on \
pensions would resume by the summer.

In Rome, the junior minister said that il governo would not survive another confidence vote.
";
    assert_finds!(
        article,
        [
            ("language/untranslated", "[transformation de Pôle Emploi, NDLR]"),
            ("language/untranslated", "il governo"),
        ]
    );
}

#[test]
fn names_heavy_article_stays_silent() {
    let article = "\
Brazil's Supreme Court extends inquiry

BRASÍLIA — Justice Alexandre de Moraes on Tuesday extended the inquiry into the riots, a \
decision welcomed by President Luiz Inácio Lula da Silva and criticized by Senator Flávio \
Bolsonaro. Shares of Banco do Brasil and Caixa Econômica Federal were little changed.

The case was opened after a report by Folha de S.Paulo and O Estado de S. Paulo. Flamengo's \
president, Rodolfo Landim, and the governor of Rio Grande do Sul, Eduardo Leite, were among \
those questioned. The Ministério Público Federal declined to comment.

In Paris, Jean-Luc Mélenchon of La France Insoumise met the head of Pôle Emploi, while in \
Madrid the mayor of Alcalá de Henares, Judith Piquet, attended a La Liga match between Real \
Madrid and Atlético de Madrid. Pedro Sánchez, of the Partido Socialista Obrero Español, and \
Santiago Abascal, of Vox, traded barbs in the Congreso de los Diputados.

In Germany, Friedrich Merz of the CDU spoke to Der Spiegel about the traffic light coalition, \
and Italy's Giorgia Meloni, of Fratelli d'Italia, spoke to Corriere della Sera and La Repubblica.
";
    let diagnostics = lint(article);
    assert!(diagnostics.is_empty(), "{diagnostics:#?}");
}

#[test]
fn loans_titles_and_glosses_stay_silent() {
    let article = "\
The ceasefire is de facto permanent, officials say, and the status quo suits both sides. The \
festival opened with “La dolce vita” and closed with “Cinema Paradiso”.

The protesters' slogan, “order and progress” (ordem e progresso), is printed on the flag. The \
Verkhovna Rada (Верховна Рада) voted on Thursday, and Xi Jinping (习近平) sent a message.

The chef served hors d'oeuvres and crème brûlée à la carte, bon appétit.
";
    let diagnostics = lint(article);
    assert!(diagnostics.is_empty(), "{diagnostics:#?}");
}

#[test]
fn non_latin_sentence_in_an_english_article() {
    let article = "\
Protesters gathered outside the embassy on Saturday for the third weekend in a row, and the \
police closed the avenue to traffic for several hours.

Они требуют немедленного освобождения всех задержанных журналистов.

The embassy did not respond to a request for comment.
";
    assert_finds!(
        article,
        [(
            "language/untranslated",
            "Они требуют немедленного освобождения всех задержанных журналистов"
        )]
    );
}

#[test]
fn non_english_article_is_not_judged() {
    let article = "\
El presidente del Gobierno anunció este martes un nuevo paquete de medidas para contener los \
precios de la energía. La oposición criticó que las ayudas llegan tarde y que no bastan para \
las familias.
";
    assert!(lint(article).is_empty());
}

#[test]
fn calques_from_a_brazilian_wire_story() {
    let article = "\
The Chamber of Deputies approved this Wednesday (15) the project of law that changes the \
fiscal framework. According to the rapporteur, the text has to be done by cutting into the \
flesh, hurting. The measure seemed out of purpose to the opposition, which until another day \
supported a similar plan.

The petista leader said the vote gave an important step towards the deal.
";
    assert_finds!(
        article,
        [
            ("calques/weekday-date", "this Wednesday (15)"),
            ("calques/portuguese", "the project of law"),
            ("calques/portuguese-idiom", "cutting into the flesh"),
            ("calques/portuguese", "out of purpose"),
            ("calques/portuguese-idiom", "until another day"),
            ("language/portuguese-term", "petista"),
            ("calques/romance", "gave an important step"),
        ]
    );
}

#[test]
fn calques_from_french_german_spanish_and_italian() {
    let cases = [
        (
            "In the media, he is known for not having his tongue in his pocket.",
            "calques/french-idiom",
            "tongue in his pocket",
        ),
        (
            "Poverty is an issue that makes him get out of his hinges.",
            "calques/french-idiom",
            "out of his hinges",
        ),
        (
            "Dobrindt recently gave the government “a smooth 5” for its work.",
            "calques/german-idiom",
            "a smooth 5",
        ),
        (
            "After losing twice in the South American Sub-20, the team finally won.",
            "calques/spanish",
            "Sub-20",
        ),
        ("Before leaving, the DT thanked the fans.", "calques/spanish", "the DT"),
        (
            "Italy made a bad figure at the summit, the opposition said.",
            "calques/italian-idiom",
            "made a bad figure",
        ),
    ];
    for (text, rule, matched) in cases {
        assert_eq!(found(text), [(rule.to_string(), matched.to_string())], "{text}");
    }
}

#[test]
fn english_idioms_and_phrases_that_look_like_calques_stay_silent() {
    let article = "\
The match was postponed until another day because of the storm. The government took an \
important step towards a deal, and the minister has reason to be pleased. The traffic light \
coalition agreed on the budget, and the plan will be put into practice next year.

She ran a sub-20 5K in the spring, then studied mathematics with philosophy at Oxford. The \
door came off its hinges in the storm, and the rope cut into the flesh of his wrists. Clocks \
run slow in the frame of the observer. Markets fell this Thursday, the third day in a row.
";
    let diagnostics = lint(article);
    assert!(diagnostics.is_empty(), "{diagnostics:#?}");
}

#[test]
fn foreign_article_on_a_name_written_elsewhere_with_the() {
    let article = "\
After the storm came the sun for the Sub 20 Vinotinto, which won its first game on Saturday.

La Vinotinto will now move to Bogotá for the last phase of the contest.
";
    let found = found(article);
    assert!(
        found.contains(&("language/untranslated".to_string(), "La Vinotinto".to_string())),
        "{found:?}"
    );
}
