"""The words the English phrase rules are built from: the first person as people type it,
wanting and going to, pills and drugs, the people a friend reports on, the body."""

# The first person, as people write it, with or without apostrophes.
SPEAKER = r"(?:i|i'm|im|i am|i've|ive|i'll|i was|i just|i really|i honestly|i think i|i'd)"
WANT = (
    r"(?:want|wanna|going|gonna|waiting|plan(?:ning)?|ready|about|need|have|decided|thinking about"
    r"|think(?:ing)? of|gotta|'m going|will)"
)
NOT = r"(?:don'?t|dont|do not|can'?t|cant|cannot|won'?t|wont|isn'?t|is not|no longer)"
GOING = r"(?:going to|gonna|about to|want to|wanna|ready to|planning to|plan to|will|i'?ll)"
PILLS = (
    r"(?:pills?|meds|medications?|tablets|xanax|bars|oxys?|percs?|benzos|tylenol|sleeping pills"
    r"|painkillers|insulin|klonopin|valium|ambien|seroquel|methadone|suboxone|tramadol|norcos?"
    r"|vicodin|hydros?|gabapentin|lyrica|ativan|lorazepam|clonazepam|trazodone|lithium"
    r"|antidepressants|oxycodone|hydrocodone|morphine)"
)
DRUGS = rf"(?:{PILLS}|heroin|fentanyl|fent|dope|h|coke|meth|opioids?|oxy)"
DRINK = r"(?:alcohol|booze|vodka|whiskey|wine|beer|liquor|drinking|drinks|a drink)"
SOMEONE = (
    r"(?:he|she|they|he'?s|she'?s|they'?re|my (?:friend|boyfriend|girlfriend|bf|gf|partner"
    r"|husband|wife|son|daughter|brother|sister|mom|mum|dad|roommate|cousin|kid|buddy)"
    r"|someone|somebody|this (?:guy|girl|person))"
)
USE = (
    r"(?:use|using|used|shoot up|shooting up|shot up|get high|getting high|got high|pick up"
    r"|picking up|picked up|score|scoring|scored|relapse|relapsing|relapsed|cop|copping)"
)
FEEL_BAD = (
    r"(?:weird|off|strange|wrong|dizzy|sick|faint|funny|heavy|numb|scared|like passing out"
    r"|like i'?m (?:dying|fading|passing out)|fading|like i'?m going to die|sleepy|drowsy|confused"
    r"|sweaty|out of it)"
)
CUT = r"(?:cut|cutting|burn|burning|burned|burnt|hurt|hurting|harm|harming)"
BODY = r"(?:my ?self|my (?:arms?|legs?|wrists?|skin|thighs?|stomach))"
# What follows "cut myself" when it is no wound: "off from old friends", "chopping onions".
NOT_A_WOUND = (
    r"(?! (?:off|out|short|some slack|a|an|some|a break|free|loose|by accident|accidentally|while|when"
    r"|on (?:a|the|some|my)|shaving|chopping|cooking|slicing|opening|in the kitchen)\b)"
)
BELONGINGS = (
    r"(?:things|stuff|belongings|possessions|clothes|pets?|dogs?|cats?|guitar|car|jewell?e?ry"
    r"|books|records|games|collection|tools|plants)"
)
GOODBYE = r"(?:goodbye|good bye|goodbyes|farewell|bye)"
