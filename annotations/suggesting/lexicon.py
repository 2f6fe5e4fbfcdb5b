"""The words the suggester recognises: cue verbs and phrases, role nouns, pronouns, marks.

Kept apart from the rules so that a project can read (and extend) the vocabulary in one place.
"""

import re


def _words(phrase: str) -> list[str]:
    """The vocabulary is written as prose-like strings; this splits them into words."""
    return phrase.split()


# Reporting verbs that introduce or follow a direct quote, and take "that" before reported
# speech. Past tense and present tense (news uses both: "says", "said").
CUE_VERBS = _words(
    "said says told tells added adds argued argues stated states alleged alleges warned warns "
    "claimed claims insisted insists explained explains noted notes observed observes "
    "stressed stresses emphasised emphasized emphasises emphasizes underscored underscores "
    "underlined underlines asserted asserts maintained maintains acknowledged acknowledges "
    "admitted admits conceded concedes confirmed confirms denied denies declared declares "
    "announced announces reported reports revealed reveals suggested suggests replied replies "
    "responded responds remarked remarks recalled recalls wrote writes predicted predicts "
    "cautioned cautions complained complains contended contends countered counters "
    "estimated estimates believed believes thinks thought agreed agrees concluded concludes "
    "continued continues promised promises vowed vows urged urges asked asks tweeted "
    "posted posts commented comments indicated indicates mentioned mentions conceded "
    "reiterated reiterates repeated repeats testified testifies wondered wonders "
    "acknowledged "
    # Other languages' news quotes too: German and French reporting verbs.
    "sagte sagt erklärte erklärt betonte betont meinte fügte déclaré déclare lancé "
    "affirmé affirme ajouté ajoute expliqué dit"
)

# Phrasal cues: a verb with the particle or object that belongs to it.
CUE_PHRASES = (
    "pointed out",
    "points out",
    "went on",
    "goes on",
    "made clear",
    "makes clear",
    "made it clear",
    "said in a statement",
    "wrote in a statement",
    "told reporters",
    "told journalists",
    "told the press",
    "told a news conference",
    "told a press conference",
    "told lawmakers",
    "told parliament",
    "told the audience",
    "told the newspaper",
    "told the broadcaster",
    "told the agency",
    "told us",
    "said on Twitter",
    "wrote on X",
    "wrote on Twitter",
    "put it",
    "has learned",
    "have learned",
)

# Present participles that attach reported speech to the sentence's subject
# ("…, stating that …").
CUE_PARTICIPLES = _words(
    "saying stating adding arguing noting warning claiming insisting explaining stressing "
    "emphasising emphasizing underscoring asserting alleging suggesting acknowledging "
    "admitting declaring announcing predicting concluding"
)
# Of those, the ones that carry reported speech without "that" ("…, saying the deficit …").
BARE_PARTICIPLES = _words("saying adding arguing warning insisting claiming noting")

# Verbs whose object, even without "that", is what was said ("X acknowledged Ukraine's …").
OBJECT_CUE_VERBS = _words(
    "acknowledged acknowledges admitted admits confirmed confirms denied denies "
    "stressed stresses emphasised emphasized underscored underlined conceded"
)

# Verbs that report a clause without "that" ("Merz said the coalition had …").
ZERO_THAT_VERBS = _words(
    "say said says argued argues warned warns insisted insists claimed claims added adds noted "
    "notes believes believe thinks think stated states maintained maintains predicted predicts "
    "conceded admitted acknowledged suggested suggests wondered wonders"
) + ["has learned", "have learned"]

# Words that open such a clause (a determiner or pronoun); a capitalised word does as well.
CLAUSE_OPENERS = _words(
    "the a an it he she they we i there this these those his her its their our no nobody "
    "everyone all some why whether how what if when "
    # a number opens a clause too ("Police said two men had been arrested")
    "one two three four five six seven eight nine ten dozens hundreds thousands"
)

# Nouns of reported speech ("his argument that …", "the claim that …").
REPORTING_NOUNS = _words(
    "claim claims argument arguments assertion assertions contention allegation allegations "
    "insistence belief view suggestion warning promise pledge assurance announcement "
    "statement accusation charge"
)

# Words opening a sentence's first phrase that is not what someone said ("In Paris, …").
OPENING_WORDS = (
    "In On At After Before When If As Since While During For With Without By Under Over "
    "Although Though Because Once Until Unless Yesterday Today Meanwhile However But And"
)

# Verbs that name what someone calls a thing ("what analysts described as …").
CALLING_VERBS = ("described as", "called", "dubbed", "termed", "labelled", "labeled", "branded")

# Words that follow a cue and still belong to it ("insisted in an interview", "told CNN").
CUE_SETTINGS = (
    "in an interview",
    "in a statement",
    "in an email",
    "in a letter",
    "in a post",
    "in a speech",
    "on Twitter",
    "on X",
    "on Facebook",
    "on television",
)

# Titles written before a name with a full stop ("Mr. Burman", "Gov. Whitcomb").
HONORIFICS = set(
    _words("Mr Mrs Ms Dr Prof Gov Sen Rep Gen Lt Col Sgt Capt Rev Adm Maj Cmdr Supt Insp")
)
# Titles written before a name without one ("Senator Moynahan", "Mayor Khan").
TITLES = set(
    _words(
        "Mr Mrs Ms Miss Dr Prof Gov Sen Rep Gen Lt Col Sgt Capt Rev Adm Maj Senator "
        "Representative Governor Mayor President Judge Coach Chief Sir Dame Lord Lady Farmer"
    )
)

# Nouns of a document or a group speaking for its owner ("Bornsten's letter said").
OWNED_SOURCES = _words(
    "letter statement report lawyers lawyer attorneys attorney office campaign spokesman "
    "spokeswoman spokesperson filing memo email complaint lawsuit website account aides "
    "team representatives"
)

# Groups that are a source by themselves ("sources said", "people familiar with the matter").
SOURCE_GROUPS = _words(
    "sources people officials persons diplomats aides insiders police authorities prosecutors "
    "investigators critics analysts experts residents witnesses lawmakers opponents supporters"
)
# Institutions that speak as one ("the bank said", "the ministry said on Monday it …"): a
# role without a person behind it, never resolved to the last person named.
INSTITUTION_NOUNS = _words(
    "bank company airline ministry government council club league agency department firm "
    "union party army military regulator hospital university commission committee embassy "
    "board insurer carrier network broadcaster newspaper"
)
# Whom "told" reports to before a clause without "that" ("told the court she had …").
TOLD_AUDIENCES = _words(
    "court jury reporters journalists lawmakers parliament committee inquiry tribunal hearing "
    "audience crowd newspaper broadcaster agency"
)
SOURCE_QUALIFIERS = (
    "familiar with",
    "close to",
    "briefed on",
    "with knowledge of",
    "involved in",
    "knowledgeable about",
)

# Nouns of "In X's opinion, …" and "According to X, …".
OPINION_NOUNS = _words("opinion view words estimation judgment judgement assessment")

# Adverbs allowed between a speaker and the cue ("Peskov further stated").
CUE_ADVERBS = _words(
    "further also later then again separately previously earlier repeatedly publicly "
    "privately firmly flatly reportedly recently once still however has have had a hat"
)

PRONOUNS = ("he", "she", "they")

# Nouns that make a phrase a role ("the NATO Secretary-General", "the Kremlin spokesperson").
ROLE_NOUNS = (
    _words(
        "spokesperson spokesman spokeswoman secretary-general president "
        "vice-president minister chancellor minister premier governor mayor senator "
        "ambassador envoy official officials chief director chairman chairwoman chair head "
        "leader commander general admiral analyst expert economist professor researcher "
        "lawyer attorney judge prosecutor adviser advisor aide diplomat negotiator ceo "
        "founder manager representative deputy king queen pope coach captain author writer "
        "reporter scientist spokespeople executive economist strategist secretary "
        "sources officials analysts critics experts residents witnesses lawmakers "
        "opponent opponents rival critic supporter supporters "
        "ministre ministerin kanzlerin kanzler sprecher sprecherin porte-parole député députée "
        "présidente "
        # People named by what they are in the story ("the defendant told the court …").
        "defendant plaintiff victim witness suspect patient resident farmer worker teacher "
        "student doctor nurse officer soldier driver owner employee neighbour neighbor"
    )
    + INSTITUTION_NOUNS
)
# Role nouns naming a group: never resolved to the last person named.
GROUP_NOUNS = set(
    _words("sources officials analysts critics experts residents witnesses lawmakers people")
    + SOURCE_GROUPS
    + INSTITUTION_NOUNS
)

# Capitalised words that begin sentences or clauses but do not start a name.
NOT_NAME_WORDS = set(
    _words(
        "The A An In On At As But And Or If When While After Before Ahead Since Despite "
        "During However Meanwhile This That These Those It Its He She They We I You Our "
        "His Her Their There Here Yet Still Also Then Now Today Yesterday According For From "
        "With Without By Of To Under Over Last Next Earlier Later Some Many Most Such Both "
        "Monday Tuesday Wednesday Thursday Friday Saturday Sunday"
    )
)

# Words that make a capitalised run an organisation or place rather than a person.
ORGANISATION_WORDS = set(
    _words(
        "Organisation Organization Treaty Ministry Council Union Committee Commission "
        "Agency Bank Party Parliament Assembly Congress Senate Court Department Office "
        "Kremlin Government Alliance Nations Republic Federation Kingdom States Times News "
        "Post Press Service Institute University Company Group Corporation Inc Ltd Fund "
        "Forces Army Navy Police Association Foundation Centre Center Airlines Airport"
    )
)

# Words that start a capitalised run naming a place or a group, not a person.
PLACE_WORDS = set(
    _words(
        "North South East West Northern Southern Eastern Western Central Middle Far New Upper "
        "Lower Atlantic Pacific Arctic Baltic Black Red Holy Great Saint San Santa"
    )
)

# Abbreviations whose period does not end a sentence.
ABBREVIATIONS = set(_words("mr mrs ms dr prof gen col lt sgt st jr sr no vs etc inc ltd co corp"))


def alternation(words) -> str:
    """A regex alternation of the words, longest first so that "told reporters" wins over
    "told", written as a trie (nested by common prefix): a position that starts no word fails
    after a character or two, which keeps the scans fast on long texts."""
    trie: dict = {}
    for word in set(words):
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}
    return _trie_pattern(trie)


def _trie_pattern(node: dict) -> str:
    branches = [
        (r"\s+" if char == " " else re.escape(char)) + _trie_pattern(child)
        for char, child in sorted(node.items())
        if char
    ]
    if not branches:
        return ""
    ends_here = "" in node
    if len(branches) == 1 and not ends_here:
        return branches[0]
    return "(?:" + "|".join(branches) + ("|" if ends_here else "") + ")"


PARTICIPLE_PATTERN = alternation(CUE_PARTICIPLES)
OBJECT_CUE_PATTERN = alternation(OBJECT_CUE_VERBS)
ADVERB_PATTERN = alternation(CUE_ADVERBS)
OPINION_PATTERN = alternation(OPINION_NOUNS)
ROLE_PATTERN = alternation(ROLE_NOUNS)
ZERO_THAT_PATTERN = alternation(ZERO_THAT_VERBS)
TOLD_AUDIENCE_PATTERN = alternation(TOLD_AUDIENCES)
CLAUSE_OPENER_PATTERN = alternation(CLAUSE_OPENERS)
BARE_PARTICIPLE_PATTERN = alternation(BARE_PARTICIPLES)
REPORTING_NOUN_PATTERN = alternation(REPORTING_NOUNS)
CALLING_PATTERN = alternation(CALLING_VERBS)
# Before a quotation, "described the ruling as “…”" as well.
CALLING_QUOTED_PATTERN = alternation([*CALLING_VERBS, "described"])
SETTING_PATTERN = alternation(CUE_SETTINGS)
OWNED_SOURCE_PATTERN = alternation(OWNED_SOURCES)
SOURCE_GROUP_PATTERN = alternation(SOURCE_GROUPS)
SOURCE_QUALIFIER_PATTERN = alternation(SOURCE_QUALIFIERS)
HONORIFIC_PATTERN = alternation(HONORIFICS)
