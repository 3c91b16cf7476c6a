"""English phrases that signal danger now, by kind, and the talk that only sounds like it.

Each rule is a regular expression over one sentence, lower-cased, with curly quotes made
straight. A sentence is flagged when a danger rule matches and neither the past ("last
year", "when I was") nor, but for an overdose happening now, talk that only sounds like
danger does: gratitude ("saved my life"), idioms ("dying to"), questions about naloxone or
tolerance, other people's stories. The queue shows the phrase that matched, so a moderator
sees why. Another language is another module with the same three names.
"""

# The first person, as people write it, with or without apostrophes.
_I = r"(?:i|i'm|im|i am|i've|ive|i'll|ill|i was|i just|i really|i honestly|i think i)"
_WANT = r"(?:want|wanna|going|gonna|plan(?:ning)?|ready|about|need|have|decided|thinking about)"

DANGER: dict[str, list[str]] = {
    "thoughts of suicide": [
        r"\bkill(?:ing)? my ?self\b",
        r"\bend(?:ing)? (?:my life|it all|things|my own life)\b",
        r"\btake my (?:own )?life\b",
        rf"\b{_I}\b.{{0,20}}\b{_WANT}\b.{{0,12}}\b(?:to )?(?:die|be dead|not wake up|disappear for good)\b",
        r"\b(?:don'?t|do not|no longer) want to (?:live|be alive|be here|exist|wake up)\b",
        r"\b(?:no|nothing (?:left )?to|no reason to) (?:live for|go on|keep going)\b",
        r"\bno (?:point|reason) (?:in )?(?:living|going on|being alive|staying alive)\b",
        r"\bbetter off (?:dead|without me|if i (?:was|were)n'?t here)\b",
        r"\bcan'?t (?:go on|do this any ?more|take (?:it|this|any more|anymore))\b",
        r"\b(?:suicidal|suicide)\b",
        r"\bwish i (?:was|were) dead\b",
        r"\bwish i (?:could|would) (?:just )?(?:die|not wake up|disappear)\b",
        r"\b(?:wrote|writing|left) (?:a|my) (?:suicide )?note\b",
        r"\b(?:going to|gonna|about to|want to) jump\b",
        r"\b(?:on|at) the (?:bridge|ledge|edge of the roof|tracks)\b.{0,30}\b(?:now|right now|tonight)\b",
        r"\b(?:see|there'?s|is) no (?:way out|way forward|point any ?more)\b",
        r"\bwant (?:it|everything|the pain|this) to (?:stop|end) (?:forever|for good|for ever)\b",
        r"\b(?:keep|can'?t stop) thinking (?:about|of) (?:dying|death|killing myself|ending it)\b",
        r"\benough (?:pills|meds|medication|dope|heroin|fentanyl)\b.{0,20}\bto (?:end|die|kill|do it|finish|not wake)\b",
        r"\b(?:don'?t|can'?t) see (?:a|any) (?:way out|way forward|point|future)\b",
        r"\b(?:nobody|no one) (?:would|will) (?:miss|notice|care about) me\b",
        r"\b(?:done with|tired of|sick of) (?:life|living|being alive)\b",
        r"\bfeel like (?:dying|i want to die|ending it|i'?m going to die)\b",
    ],
    "saying goodbye": [
        r"\b(?:this is|consider this|here'?s) (?:my )?(?:goodbye|good bye|farewell)\b",
        r"\bgoodbye (?:everyone|all|world|forever|friends|guys)\b",
        r"\bby the time (?:you|anyone|someone) reads? this\b",
        r"\bmy (?:last|final) (?:post|message|words|comment|night)\b",
        r"\bwon'?t be (?:here|around) (?:tomorrow|much longer|any ?more|by morning)\b",
        r"\b(?:tell|please tell) my (?:kids|children|son|daughter|mom|mum|dad|family|wife|husband|partner) (?:i love|that i love|i'?m sorry)\b",
    ],
    "an overdose happening now": [
        rf"\b{_I}\b.{{0,12}}\b(?:took|taken|swallowed|used|shot|injected|snorted|smoked|downed)\b.{{0,40}}\b(?:whole|all (?:of )?(?:my|the)|entire|too (?:much|many)|bottle|everything|the rest|double)\b",
        r"\b(?:i think )?i'?m (?:overdosing|od'?ing|going to od|gonna od)\b",
        r"\b(?:he|she|they|my (?:friend|boyfriend|girlfriend|partner|husband|wife|son|daughter|brother|sister|mom|mum|dad|roommate)|someone|somebody)(?:'s| is| isn'?t| won'?t| can'?t| are| aren'?t| is not)? (?:not )?(?:breathing|wake up|waking up|responding|respond|moving)\b",
        r"\b(?:lips|face|skin|fingers) (?:are|is|turning|turned|going) (?:blue|grey|gray|purple)\b",
        r"\b(?:isn'?t|is not|aren'?t|are not|not|stopped|has stopped) breathing\b",
        r"\b(?:won'?t|will not|can'?t|cannot) wake (?:him|her|them|my \w+) up\b",
        r"\b(?:can'?t|cannot) (?:breathe|stay awake|feel my (?:chest|heart))\b",
        r"\boverdosing\b",
        rf"\b{_I}\b.{{0,10}}\b(?:took|swallowed|taken)\b (?:\d{{2,}}|twenty|thirty|forty|fifty) (?:of )?(?:my |the |his |her )?(?:pills|tablets|xanax|bars|oxys?|percs?|benzos)\b",
        r"\b(?:is|are|'s) (?:turning|going) (?:blue|grey|gray)\b",
        r"\b(?:he|she|they|my \w+) (?:just )?(?:took|swallowed|downed) (?:all|the rest|the whole bottle) (?:of )?(?:his|her|their|the) (?:pills|meds|tablets|bottle)\b",
        r"\b(?:took|used|shot up|injected|snorted|smoked)\b.{0,30}\b(?:now|and) (?:i )?(?:feel|i'?m|am) (?:\w+ )?(?:weird|dizzy|sick|scared|numb|faint|like passing out|fading)\b",
    ],
    "using in a way that risks an overdose": [
        rf"\b{_I}\b.{{0,20}}\b(?:going to|gonna|about to|will|want to|plan to)\b.{{0,25}}\b(?:use|shoot up|get high|pick up|score|relapse|do)\b.{{0,40}}\b(?:same (?:amount|dose)|as much as|like before|like i used to|what i used to|alone|by myself|on my own|no one (?:will|would) know|nobody (?:will|would) know)\b",
        rf"\b{_I}\b.{{0,25}}\b(?:going to|gonna|about to|will)\b.{{0,30}}\b(?:after|with(?:out)?) .{{0,20}}\btolerance\b",
        r"\b(?:going to|gonna|about to)\s+(?:use|shoot up|get high|pick up|score|relapse)\b.{0,60}\b(?:same (?:amount|dose)|as much as|like before|like i used to|what i used to|alone|by myself|on my own)\b",
        r"\b(?:lost|have no|no) (?:my )?tolerance\b.{0,40}\b(?:tonight|today|now|anyway|don'?t care)\b",
        r"\b(?:don'?t|do not) care (?:if|whether) i (?:od|overdose|die|wake up)\b",
        r"\b(?:mixing|mix|with) .{0,20}\b(?:benzos|xanax|alcohol|fentanyl)\b.{0,30}\b(?:tonight|now|alone|don'?t care)\b",
    ],
    "self-harm": [
        rf"\b{_I}\b.{{0,20}}\b(?:cut|cutting|burn|burning|hurt|hurting|harm|harming)\b (?:my ?self|my (?:arms?|legs?|wrists?|skin))\b",
        r"\b(?:want|need|going|gonna|urge) to (?:cut|hurt|harm|burn) (?:my ?self|my (?:arms?|legs?|wrists?))\b",
        r"\bself[- ]?harm(?:ing)?\b",
    ],
}

# The past: it happened, and they are here to tell it. These rule out every kind.
PAST: list[str] = [
    r"\b(?:last|that|this past) (?:year|month|week|summer|winter|spring|fall|time|night)\b",
    r"\b(?:years?|months?|weeks?|days?) ago\b",
    r"\b(?:when i was|back (?:then|when|in)|in (?:19|20)\d\d|once,|at the time|used to be)\b",
    r"\b(?:i|we|he|she|they) (?:had|have) (?:been )?(?:through|survived)\b",
    r"\b(?:was|were) (?:once )?(?:suicidal|overdosing)\b",
    r"\bsince (?:then|my|i)\b",
    r"\b(?:i )?(?:survived|recovered from|came back from)\b",
]

# What only sounds like danger. These rule out every kind but an overdose happening now:
# "my friend overdosed and isn't breathing" is an emergency, whatever else it says.
NOT_NOW: list[str] = [
    # Gratitude and hope.
    r"\b(?:saved|save|saving) (?:my|his|her|their|a) (?:life|lives)\b",
    r"\b(?:thank|thanks|grateful|glad) .{0,40}\b(?:alive|here|sober|clean)\b",
    r"\bglad (?:to be|i'?m|i am) (?:alive|here)\b",
    # Idioms.
    r"\b(?:dying to|dying for|dying of laughter|dying laughing|dead set|killing it|kill for|to die for|could kill|killer|dead tired|dead on my feet)\b",
    r"\boverdos(?:e|ed|ing) on (?:coffee|caffeine|sugar|chocolate|netflix|tv|work|love)\b",
    # Questions and knowledge about staying safe.
    r"\b(?:how|what|where|when|does|do|is|can|should) .{0,60}\b(?:naloxone|narcan|tolerance|fentanyl strips?|test strips?)\b",
    r"\b(?:naloxone|narcan)\b.{0,40}\b(?:kit|carry|carries|training|works?|where to get)\b",
    r"\b(?:prevention|awareness|hotline|helpline|lifeline) (?:month|week|day|number|is)\b",
    # Other people's stories told after the fact.
    r"\b(?:my|his|her|a) (?:friend|brother|sister|son|daughter|mom|mum|dad|partner|cousin) (?:died|passed|overdosed|od'?d|killed (?:him|her)self|took (?:his|her) (?:own )?life)\b",
    r"\blost (?:my|a|his|her|our) \w+ to (?:suicide|an overdose|overdose)\b",
    r"\b(?:his|her|their|[a-z]+'s) suicide\b",
]
