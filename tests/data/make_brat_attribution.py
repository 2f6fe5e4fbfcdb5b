"""Writes tests/data/brat_attribution/: a small corpus in the attribution style of published
brat corpora (one event per attribution, `E1 Attribution:T4 Source:T1 Cue:T2 Content:T3`,
the trigger on the cue's offsets), and brat_attribution.expected.json: what importing it with
the label map `Content=QUOTE,Source=SPEAKER,Cue=CUE,Attribution=-,Discard=-,Discuss=-` must
give, worked out from the markup below and not from the importer.

The articles are made up for the tests. Markup: `{TAGS:text}` marks a span, nested freely;
TAGS are comma-separated, each a letter and an attribution number:
  S source, C cue, Q content (several Q of one number: one discontinuous T line),
  P content written as a T line of its own (a second Content argument), A the trigger when it
  is not on the cue, D Discard, U Discuss (no number); `S5=Discuss` gives another label.
A span tagged twice (`S1,S2`) is written twice, at the same offsets. The event of an
attribution without a source is an `Attribution-no-source`. A line `% bare 4` writes
attribution 4's content without an event; `% version NAME without 2` writes NAME's version
(a folder) without attribution 2; `% alone NAME` puts the article in NAME's folder only.

Run: python tests/data/make_brat_attribution.py
"""

# ruff: noqa: E501 (the articles keep their lines as printed)
import json
import re
from pathlib import Path

HERE = Path(__file__).parent
CORPUS = HERE / "brat_attribution"
LABELS = {"S": "Source", "C": "Cue", "Q": "Content", "P": "Content", "A": "Attribution",
          "D": "Discard", "U": "Discuss"}  # fmt: skip

ARTICLES = {
    "kremlin-nato": """\
Kremlin says NATO is an adversary

MOSCOW, Nov 28 – {S1:Kremlin spokesman Dmitry Peskov} {C1:told reporters} on Tuesday that “{Q1:NATO regards Russia as an adversary}.”
“{Q2:The alliance is analysing the situation},” {S2:he} {C2:added}, “{Q2:and it will go on doing so}.”
""",
    "harbour-strike": """\
Dock workers vote to extend harbour strike

ROTTERDAM – {S1:Union leader Marieke de Vries} {C1:said} the strike would continue “{Q1:until the port authority comes back to the table}.”
{S2:The port authority} {C2:said in a statement} that {Q2:it had offered a pay rise of four per cent}.
{D:Photographs of the picket line circulated widely online.}
""",
    "budget-vote": """\
Budget passes after all-night session

“{Q1:This budget protects families},” {C1:said} {S1:Finance Minister Ana Ruiz}, “{Q1:and it does so without new debt}.”
{S2:Opposition leader Tomás Ferrer} {C2:called} the plan “{Q2:a list of promises with no money behind them}.”
{S3:Ruiz} {C3:replied} that {Q3:the figures had been checked by the audit office}.
""",
    "wildfire-evacuation": """\
Thousands evacuated as wildfire spreads

{C1:According to} {S1:the regional fire service}, {Q1:more than 4,000 people have left their homes since Sunday}.
“{Q2:The wind turned in the night and we lost two villages},” {S2:a firefighter} {C2:said}.
{Q3:Evacuations would continue through Thursday}, {S3:officials} {C3:warned}.
""",
    "central-bank": """\
Central bank holds rates, signals patience

{S1:Governor Ingrid Holm} {C1:said} {Q1:inflation was falling more slowly than hoped}, and {Q1:that the bank would not cut rates before spring}.
“{Q2:We are not in a hurry},” {S2,S3:Holm} {C2:told} the press conference, and {C3:added}: “{Q3:Patience is a policy too}.”
""",
    "museum-return": """\
Museum to return bronze figures

{S1:The museum's director, Paul Okafor}, {C1:said} “{Q1:the figures belong to the people of Benin City, and {S2:our own researchers} {C2:have concluded} {Q2:that they were taken by force}}.”
{U:Whether other museums will follow is unclear.}
""",
    "rail-delays": """\
Rail operator apologises for winter delays

“{Q1:We let our passengers down},” {S1:chief executive Sara Lind} {C1:said} on Monday.
{S2,S3:Passenger groups} {C2:welcomed} the apology but {C3:said} {Q3:they wanted compensation, not words}.
{S4=Discuss:Some commuters} {C4:complained} {Q4:that the trains were still late this week}.
""",
    "election-debate": """\
Candidates clash over housing in debate

{S1:Mayor Kim Baptiste} {C1:said}: “{Q1:We have built more homes in four years than in the previous ten}.”
“{Q2:Built where?}” {S2:her challenger, Omar Haddad}, {C2:shot back}. “{Q2:Nobody can afford them}.”
{S3:Baptiste} and {S3:Haddad} {C3:both promised} {Q3:to freeze rents in city-owned flats}.
""",
    "vaccine-trial": """\
Vaccine trial shows strong early results

{S1:Researchers at the Karolinska Institute} {C1:reported} that {Q1:the vaccine prevented nine in ten infections in the first six months}.
“{Q2:These are early numbers},” {C2:cautioned} {S2:lead author Dr Lena Berg}. “{Q2:We need a second winter of data before we can say more}.”
""",
    "football-transfer": """\
Club confirms record transfer

{S1:The club} {C1:confirmed} {Q1:the signing of the 19-year-old midfielder} on Friday.
“{Q2:He is the future of this team},” {S2:coach Luis Moreno} {C2:said}, “{Q2:and he knows it}.”
{Q3:The fee is believed to be a club record}, {C3:reports suggested}.
""",
    "drought-farmers": """\
Farmers warn of poor harvest after drought

{S1:Farmers' union president Hans Koller} {C1:said} {Q1:the wheat harvest could be a third below average}.
“{Q2:Some fields have not seen rain since May},” {S2:he} {C2:said}.
{D:Prices at the market in Linz were unchanged on Monday.}
{S3:The agriculture ministry} {C3:promised} {Q3:emergency aid}, but {C4:gave} {Q4:no figure}.
""",
    "tech-layoffs": """\
Software maker cuts 800 jobs

{S1:The company} {C1:said in a filing} that {Q1:the cuts would save 120 million dollars a year}.
“{Q2:This is the hardest decision I have made},” {S2:chief executive Priya Nair} {C2:wrote} in an email to staff, “{Q2:and I take full responsibility for it}.”
{S3:Analysts}: {Q3:the cuts were overdue}.
""",
    "emoji-campaign": """\
Health campaign 😷 goes viral

The campaign's slogan, “{Q1:Mask up 😷, look out for each other}”, {C1:was coined by} {S1:a 16-year-old student}.
“{Q2:I never thought it would spread like this 🚀},” {S2:she} {C2:said}, “{Q2:but I am glad it did}.”
""",
    "court-ruling": """\
Court blocks mining permit

{S1:Judge Helena Marsh} {C1:ruled} that {Q1:the environmental review had been incomplete}.
{S2:Lawyers for the mining company} {C2:said} {Q2:they would appeal}.
“{Q3:Today the river won},” {C3:said} {S3:campaigner Joe Littlefeather}.
""",
    "space-launch": """\
Rocket reaches orbit on second attempt

“{Q1:Orbit confirmed},” {C1:announced} {S1:the launch director} at 14:02.
{S2:The agency} {C2:said} {Q2:the satellite would begin sending images next week}, {A2:adding} that {P2:its solar panels had opened as planned}.
""",
    "hospital-waits": """\
Hospital waiting lists reach new high

{Q1:Waiting lists have grown for the ninth month in a row}, {C1:figures published on Thursday show}.
“{Q2:Staff are exhausted},” {S2:a nurse at St Mary's} {C2:told} us, “{Q2:and the winter has not even started}.”
% bare 3
{Q3:More beds would open in January.}
""",
    "river-pollution": """\
Inquiry finds river pollution underreported

{S1:The inquiry} {C1:found} that {Q1:the water company had reported only a fifth of its spills}.
“{Q2:For years {S3:the company} {C3:told} us {Q3:the river was clean}},” {S2:angler Mary Dunne} {C2:said}.
""",
    "peace-talks": """\
Peace talks resume in Geneva

{S1:The UN envoy} {C1:said} {Q1:both delegations had agreed to meet again on Monday}.
{A2:Asked whether a ceasefire was close}, {S2:the envoy} {C2:replied}: “{Q2:Close is a big word}.”
{U:The talks are the first since March.}
""",
    "school-meals": """\
City extends free school meals

{S1:The council} {C1:said} {Q1:every primary pupil would get a free lunch from September}.
“{Q2:No child can learn on an empty stomach},” {S2:councillor Ruth Obi} {C2:said}.
% version annotator_b without 2
""",
    "airport-expansion": """\
Airport expansion approved

{S1:Ministers} {C1:approved} {Q1:a third runway} on Wednesday.
“{Q2:This is a dark day for the climate},” {C2:said} {S2:Green Party leader Jonas Eck}.
“{Q3:It will bring 20,000 jobs},” {S3:the airport} {C3:countered}, “{Q3:and the planes are getting cleaner}.”
% version annotator_b without 3
""",
    "multi-line-quote": """\
Minister resigns over leaked memo

{S1:The minister} {C1:wrote} in her letter: “{Q1:I have always believed that trust is the currency of public life.
Having lost it, I cannot stay}.”
“{Q2:We accept her decision},” {S2:the prime minister's office} {C2:said}.

“{Q3:She did the right thing},” {S3:a colleague} {C3:said}.

“{Q3:Others should follow}.”
""",
    "lost-story": """\
A version with no article at the top

{S1:Nobody} {C1:said} {Q1:anything}.
% alone annotator_b
""",
}


def parse(markup: str) -> tuple[str, list[dict], dict]:
    """The text, the marked spans (tags, label, start, end) and the options of an article."""
    options: dict = {"bare": set(), "versions": {}, "alone": None}
    lines = []
    for line in markup.split("\n"):
        if line.startswith("% bare "):
            options["bare"].add(int(line.split()[2]))
        elif line.startswith("% version "):
            _, _, name, _, number = line.split()
            options["versions"][name] = int(number)
        elif line.startswith("% alone "):
            options["alone"] = line.split()[2]
        else:
            lines.append(line)
    source = "\n".join(lines)
    text, spans, stack = [], [], []
    index = 0
    while index < len(source):
        char = source[index]
        if char == "{":
            colon = source.index(":", index)
            stack.append((source[index + 1 : colon], len(text)))
            index = colon + 1
        elif char == "}":
            tags, start = stack.pop()
            for tag in tags.split(","):
                found = re.fullmatch(r"([SCQPADU])(\d*)(?:=(\w+))?", tag)
                letter, number, label = found.groups()
                spans.append({
                    "letter": letter, "n": int(number) if number else None,
                    "label": label or LABELS[letter], "start": start, "end": len(text),
                })  # fmt: skip
            index += 1
        else:
            text.append(char)
            index += 1
    assert not stack, markup[:40]
    return "".join(text), spans, options


def ann_lines(text: str, spans: list[dict], bare: set[int], without: int | None) -> list[str]:
    """The .ann of one version: T lines in text order, then one event per attribution."""
    spans = [s for s in spans if s["n"] is None or s["n"] != without]
    lines, key = [], {}
    contents: dict[int, list[dict]] = {}
    for span in spans:
        if span["letter"] == "Q":
            contents.setdefault(span["n"], []).append(span)
    numbered = 0
    written: set[int] = set()
    for span in sorted(spans, key=lambda s: (s["start"], s["end"])):
        if span["letter"] == "Q":
            if span["n"] in written:
                continue
            written.add(span["n"])
            pieces = contents[span["n"]]
            offsets = ";".join(f"{p['start']} {p['end']}" for p in pieces)
            piece_text = " ".join(text[p["start"] : p["end"]] for p in pieces)
        else:
            offsets = f"{span['start']} {span['end']}"
            piece_text = text[span["start"] : span["end"]]
        numbered += 1
        key[id(span)] = f"T{numbered}"
        if span["letter"] == "Q":
            for piece in contents[span["n"]]:
                key[id(piece)] = f"T{numbered}"
        piece_text = piece_text.replace("\n", " ")
        lines.append(f"T{numbered}\t{span['label']} {offsets}\t{piece_text}")
    events = 0
    for n in sorted({s["n"] for s in spans if s["n"] is not None}):
        if n in bare:
            continue
        mine = [s for s in spans if s["n"] == n]
        sources = [s for s in mine if s["letter"] == "S"]
        cues = [s for s in mine if s["letter"] == "C"]
        triggers = [s for s in mine if s["letter"] == "A"]
        pieces = [s for s in mine if s["letter"] == "Q"] + [s for s in mine if s["letter"] == "P"]
        label = "Attribution" if sources else "Attribution-no-source"
        if triggers:
            trigger = triggers[0]
            trigger_key = key[id(trigger)]
            lines[int(trigger_key[1:]) - 1] = lines[int(trigger_key[1:]) - 1].replace(
                "\tAttribution ", f"\t{label} "
            )
        else:
            anchor = cues[0] if cues else pieces[0]
            numbered += 1
            trigger_key = f"T{numbered}"
            lines.append(
                f"{trigger_key}\t{label} {anchor['start']} {anchor['end']}\t"
                + text[anchor["start"] : anchor["end"]].replace("\n", " ")
            )
        arguments = [f"{label}:{trigger_key}"]
        arguments += [
            f"Source{'' if i == 0 else i + 1}:{key[id(s)]}" for i, s in enumerate(sources)
        ]
        arguments += [f"Cue:{key[id(c)]}" for c in cues]
        content_keys = list(dict.fromkeys(key[id(p)] for p in pieces))
        arguments += [f"Content{'' if i == 0 else i + 1}:{k}" for i, k in enumerate(content_keys)]
        events += 1
        lines.append(f"E{events}\t{' '.join(arguments)}")
    return lines


def expected(text: str, spans: list[dict], without: int | None) -> dict:
    """What the import must give for one version, under the label map of the tests."""
    ours = {"Source": "SPEAKER", "Cue": "CUE", "Content": "QUOTE"}
    spans = [s for s in spans if s["n"] is None or s["n"] != without]
    mentions = {(ours[s["label"]], s["start"], s["end"]) for s in spans if s["label"] in ours}
    quotes = []
    for n in sorted({s["n"] for s in spans if s["n"] is not None}):
        mine = [s for s in spans if s["n"] == n]
        fragments = sorted((s["start"], s["end"]) for s in mine if s["letter"] in "QP")
        if not fragments:
            continue  # an event without a content is left out
        speaker = next(
            ((s["start"], s["end"]) for s in mine if s["letter"] == "S" and s["label"] == "Source"),
            None,
        )
        cue = next(((s["start"], s["end"]) for s in mine if s["letter"] == "C"), None)
        quotes.append({"fragments": fragments, "speaker": speaker, "cue": cue})
    quotes.sort(key=lambda q: q["fragments"][0])
    return {"mentions": len(mentions), "quotes": quotes}


def main() -> None:
    for old in sorted(CORPUS.rglob("*"), reverse=True):
        old.unlink() if old.is_file() else old.rmdir()
    CORPUS.mkdir(exist_ok=True)
    (CORPUS / "annotation.conf").write_text(
        "[entities]\nSource\nCue\nContent\nDiscard\nDiscuss\n\n[relations]\n\n[events]\n"
        "Attribution\tSource:Source, Cue:Cue, Content+:Content\n"
        "Attribution-no-source\tCue?:Cue, Content+:Content\n\n[attributes]\n",
        encoding="utf-8",
    )
    wanted = {}
    for stem, markup in ARTICLES.items():
        text, spans, options = parse(markup)
        folder = CORPUS / options["alone"] if options["alone"] else CORPUS
        folder.mkdir(exist_ok=True)
        (folder / f"{stem}.txt").write_text(text, encoding="utf-8")
        lines = ann_lines(text, spans, options["bare"], None)
        (folder / f"{stem}.ann").write_text("\n".join(lines) + "\n", encoding="utf-8")
        if options["alone"]:
            continue
        versions = {"gold": expected(text, spans, None)}
        for name, without in options["versions"].items():
            (CORPUS / name).mkdir(exist_ok=True)
            (CORPUS / name / f"{stem}.txt").write_text(text, encoding="utf-8")
            lines = ann_lines(text, spans, options["bare"], without)
            (CORPUS / name / f"{stem}.ann").write_text("\n".join(lines) + "\n", encoding="utf-8")
            versions[name] = expected(text, spans, without)
        wanted[stem] = versions
    (HERE / "brat_attribution.expected.json").write_text(
        json.dumps(wanted, indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
    )


if __name__ == "__main__":
    main()
