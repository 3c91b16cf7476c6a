"""The phrase rules, by tables of sentences written for them: the ones that signal danger
now must be flagged, with their kind; ordinary recovery talk must not be."""

import pytest

from cms.care.flags import flag_for

MUST_FLAG = [
    ("I want to kill myself tonight.", "thoughts of suicide"),
    ("i'm going to end it all, i can't do this anymore", "thoughts of suicide"),
    ("I don't want to live anymore.", "thoughts of suicide"),
    ("Honestly I just want to die.", "thoughts of suicide"),
    ("Everyone would be better off without me.", "thoughts of suicide"),
    ("I've been feeling suicidal since Friday.", "thoughts of suicide"),
    ("There's no reason to go on.", "thoughts of suicide"),
    ("I wish I could just not wake up.", "thoughts of suicide"),
    ("I'm planning to take my own life.", "thoughts of suicide"),
    ("I can't take it anymore, it has to stop.", "thoughts of suicide"),
    ("I wrote a note for my mum.", "thoughts of suicide"),
    ("I’m thinking about ending my life.", "thoughts of suicide"),
    ("This is my goodbye. Thank you all.", "saying goodbye"),
    ("By the time anyone reads this I'll be gone.", "saying goodbye"),
    ("Goodbye everyone, I'm done.", "saying goodbye"),
    ("This is my last post here.", "saying goodbye"),
    ("Please tell my kids I love them.", "saying goodbye"),
    ("I won't be around much longer.", "saying goodbye"),
    ("I just took the whole bottle of pills.", "an overdose happening now"),
    ("I think I'm overdosing, what do I do", "an overdose happening now"),
    ("My boyfriend isn't breathing, please help", "an overdose happening now"),
    ("He won't wake up and his lips are blue.", "an overdose happening now"),
    ("My friend overdosed and isn't breathing.", "an overdose happening now"),
    ("I shot up everything I had left.", "an overdose happening now"),
    ("I can't breathe after what I took.", "an overdose happening now"),
    ("Someone is not responding in the bathroom.", "an overdose happening now"),
    ("I'm going to use the same amount as before, after 6 months clean.",
     "using in a way that risks an overdose"),
    ("Tonight I'm gonna get high alone, nobody will know.",
     "using in a way that risks an overdose"),
    ("I'm going to shoot up like I used to.", "using in a way that risks an overdose"),
    ("I don't care if I overdose.", "using in a way that risks an overdose"),
    ("Lost my tolerance but I'm using tonight anyway.",
     "using in a way that risks an overdose"),
    ("I'm about to relapse by myself.", "using in a way that risks an overdose"),
    ("I've been cutting myself again.", "self-harm"),
    ("I want to hurt myself so badly.", "self-harm"),
    ("I keep burning my arms.", "self-harm"),
    ("The self harm is back every night.", "self-harm"),
    ("I have enough pills saved up to end this", "thoughts of suicide"),
    ("I'm standing on the bridge right now", "thoughts of suicide"),
    ("I don't see a way out anymore", "thoughts of suicide"),
    ("nobody would miss me if i was gone", "thoughts of suicide"),
    ("i feel like dying", "thoughts of suicide"),
    ("my roommate is turning blue", "an overdose happening now"),
    ("I took 30 of my xanax", "an overdose happening now"),
    ("She took all her pills", "an overdose happening now"),
    ("I shot up and now I feel weird and dizzy", "an overdose happening now"),
    ("tonight im going to use alone", "using in a way that risks an overdose"),
]  # fmt: skip

MUST_NOT_FLAG = [
    "I overdosed last year and narcan saved my life.",
    "When I was 19 I tried to kill myself. I'm 34 now and sober.",
    "My brother died of an overdose two years ago.",
    "This article saved my life, thank you.",
    "I'm dying to get back to the gym.",
    "I could kill for a coffee right now.",
    "How does naloxone work and where do I get a kit?",
    "What happens to your tolerance after a month off?",
    "Does fentanyl test strips work on pills?",
    "I used to be suicidal, but therapy helped.",
    "Day 90 today. I want to live, finally.",
    "I relapsed on Saturday but I'm back at meetings.",
    "My sponsor says one day at a time.",
    "I took my methadone dose this morning as prescribed.",
    "Suicide prevention month starts in September.",
    "I lost my sister to suicide and I miss her.",
    "I overdosed on netflix this weekend haha.",
    "Back in 2015 I was overdosing every other week.",
    "We carry narcan everywhere now.",
    "Grateful to be alive and clean today.",
    "I'm killing it at work this month.",
    "That meeting was to die for.",
    "Years ago I was cutting myself; now I paint.",
    "I'm so tired but I'm not giving up.",
    "Thank you for writing this, I'm glad I'm here.",
    "My counselor helped me make a safety plan.",
    "I had a bad night but I called my sponsor.",
    "Craving hard today, going to a meeting instead.",
    "My dad passed from liver failure last spring.",
    "Is it normal to feel ashamed after a slip?",
    "I stood on that bridge in 2012 and a stranger talked me down",
    "My daughter is turning two next week",
    "I took 30 days off work to go to rehab",
    "There's no way I'm going back to using",
    "I felt like I was dying during withdrawal last month",
    "I'm tired of being tired",
    "Nobody told me recovery would be this hard",
    "How long does tolerance take to drop?",
    "Ending my shift and going to a meeting",
    "Jump to the section on naloxone",
]


@pytest.mark.parametrize(("sentence", "kind"), MUST_FLAG)
def test_danger_now_is_flagged_with_its_kind(sentence: str, kind: str) -> None:
    flag = flag_for(sentence)
    assert flag is not None, sentence
    assert flag.kind == kind and flag.phrase in sentence.lower().replace("’", "'")


@pytest.mark.parametrize("sentence", MUST_NOT_FLAG)
def test_ordinary_recovery_talk_is_not(sentence: str) -> None:
    assert flag_for(sentence) is None, flag_for(sentence)


def test_the_reason_names_the_kind_and_the_words() -> None:
    flag = flag_for("Some context first. I just want to die.")
    assert flag.reason == "thoughts of suicide: “i just want to die”"
