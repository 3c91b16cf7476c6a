"""English phrases of an overdose happening now (a friend not breathing, lips blue, the whole
bottle), of using in a way that risks one (alone, the old amount after time clean), and of
self-harm now."""

from .phrases_en_words import (
    BODY,
    CUT,
    DRINK,
    DRUGS,
    FEEL_BAD,
    GOING,
    NOT_A_WOUND,
    PILLS,
    SOMEONE,
    SPEAKER,
    USE,
)

OVERDOSE: list[str] = [
    rf"\b{SPEAKER}\b.{{0,12}}\b(?:took|taken|swallowed|used|shot|injected|snorted|smoked|downed|did)\b.{{0,40}}\b(?:whole|all (?:of )?(?:my|the)|entire|too (?:much|many)|way too|bottle|everything|the rest|double|triple)\b",
    r"\b(?:i think )?i'?m (?:overdosing|od'?ing|going to od|gonna od)\b",
    rf"\b{SOMEONE}(?:'s| is| isn'?t| won'?t| can'?t| are| aren'?t| is not)? (?:not )?(?:breathing\b(?! (?:well|properly|through))|wake up\b(?! (?:for school|on time|early))|waking up|responding|respond|moving\b(?! (?:to|in|out|on|forward|away|back|house|home)\b))",
    r"\b(?:lips|face|skin|fingers) (?:are|is|turning|turned|going) (?:blue|grey|gray|purple)\b",
    r"\b(?:isn'?t|is not|aren'?t|are not|not|stopped|has stopped) breathing\b(?! (?:well|properly|through))",
    r"\b(?:won'?t|will not|can'?t|cannot|cant) wake (?:him|her|them|my \w+)\b(?:(?: up)?(?! (?:up )?(?:for|on time|early|in the morning)\b))",
    r"\b(?:can'?t|cannot|cant) (?:breathe|stay awake|feel my (?:chest|heart|legs|arms|body))\b(?! (?:thinking|when|from (?:crying|laughing|the|anxiety|panic)|because|since|without)\b)",
    r"\b(?:barely|can hardly) (?:breathe|breathing|stay awake)\b",
    r"\boverdosing\b(?! on)",
    rf"\b{SPEAKER}\b.{{0,10}}\b(?:took|swallowed|taken|did)\b (?:like |about |around |maybe |almost |over )?(?:\d{{2,}}|twenty|thirty|forty|fifty|a bunch of|a handful of) (?:of )?(?:my |the |his |her )?{DRUGS}",
    r"\b(?:is|are|'s) (?:turning|going) (?:blue|grey|gray)\b|\bis blue\b",
    rf"\b{SOMEONE} (?:just )?(?:took|swallowed|downed) (?:all|the rest|the whole bottle|too many|a bunch|a handful|a lot) (?:of )?(?:his|her|their|the|my)? ?(?:\w+ )?{PILLS}",
    # Nodding out, breathing slow: the signs a friend reports.
    rf"\b{SOMEONE}(?:'s| is| keeps| are|'re)? (?:\w+ )?(?:nodding (?:out|off)|on the nod)\b|\bbreathing (?:is |'s )?(?:really |so |very )?(?:slow|shallow)\b|\b(?:slow|shallow) breathing\b",
    r"\b(?:driving|taking|rushing|carrying) (?:him|her|them|my \w+) to (?:the )?(?:er|a&e|emergency room)\b",
    r"\bfoaming (?:at|from) the mouth\b(?!.{0,20}\b(?:about|over|at (?:me|him|her|the)))",
    rf"\b{SOMEONE}(?:'s| is| are|'re)? (?:just )?(?:lying |laying )?(?:slumped|on the (?:\w+ )?floor|collapsed|unconscious|limp)\b(?! (?:laughing|playing|crying|sleeping|reading|with|doing|stretching)\b)",
    r"\b(?:found|finding|just found) (?:him|her|them|my \w+)\b.{0,30}\b(?:slumped|passed out|unconscious|on the (?:\w+ )?floor|not breathing|blue|cold|unresponsive)\b",
    r"\b(?:a )?needle (?:still )?in (?:his|her|their) arm\b",
    rf"\b(?:took|used|shot up|injected|snorted|smoked|did|relapsed)\b.{{0,60}}\b(?:now|and|feeling|feel) (?:i )?(?:feel |am |i'?m )?(?:really |so |very |super )?{FEEL_BAD}",
    rf"\b(?:{DRUGS}|benzos?) (?:with|and|\+|mixed with) {DRINK}\b.{{0,60}}\b(?:not answering|snoring|won'?t|can'?t|passed out|barely)\b",
    rf"\btook (?:a bunch|a lot|a handful|loads) of {DRUGS} (?:with|and) {DRINK}",
    r"\b(?:snoring|gurgling|choking) (?:weird|strange|funny|loud|really loud|sounds|noises)\b|\bmaking (?:\w+ ){0,2}(?:gurgling|snoring|choking|rattling) (?:sound|noise)s?\b|\bis gurgling\b",
    rf"\b{SOMEONE}\b.{{0,20}}\b(?:unresponsive|won'?t respond|isn'?t responding)\b",
    r"\b(?:is|are|'s|'re|keeps?|started|just started) (?:seizing|convulsing|having (?:a )?seizures?)\b",
    r"\b(?:can'?t|cannot|cant|couldn'?t) (?:get|make) (?:him|her|them|my \w+) (?:to )?(?:respond|wake|breathe|open (?:his|her|their) eyes)\b(?!(?: up)? (?:to (?:my|a|the|texts?|messages?|calls?)|for|on time|early)\b)",
    r"\b(?:waiting for|until) (?:the )?(?:ambulance|paramedics|ems)\b|\b(?:ambulance|paramedics|ems) (?:isn'?t|aren'?t|is not|are not) here\b",
    r"\b(?:took|swallowed|downed|used|shot up|did|snorted)\b.{0,50}\b(?:and|now) (?:is |he'?s |she'?s |they'?re |i'?m )?(?:passed out|unconscious|collapsed|slumped)\b",
    r"\b(?:took|swallowed|downed) (?:his|her|their|my) (?:whole|entire) (?:script|prescription|bottle|stash|supply)\b",
    rf"\b(?:{USE}|took|did|shot|snorted|smoked)\b.{{0,60}}\b(?:heart (?:is |'s )?(?:racing|pounding|beating (?:so |really )?fast)|chest (?:is )?(?:tight|hurts))\b",
    rf"\b(?:just )?(?:{USE}) (?:for the first time )?(?:in|after) (?:a|\d+|\w+) (?:days?|weeks?|months?|years?)\b.{{0,60}}\b(?:feel|feeling|racing|pounding|breathe)",
    rf"\b(?:{USE}|injected|shot|snorted|smoked|took)\b.{{0,30}}\b(?:first time (?:since|in)|since (?:rehab|detox|treatment|jail|prison|getting out))\b.{{0,60}}\b(?:feel|feeling|racing|pounding|breathe|chest|heart|dizzy)",
    # The body's alarm right after using: numb lips, a heavy chest, eyes that will not stay open.
    r"\b(?:just )?(?:did|took|had|shot|used|snorted|smoked)\b.{0,40}\b(?:lips|chest|heart|eyes|breathing|legs)\b.{0,20}\b(?:numb|heavy|tight|can'?t (?:keep|stay)|won'?t stay|racing|slow|weird)",
    rf"\b(?:took|swallowed|downed) (?:a bunch|a lot|loads|a handful|a few|some) of (?:my |his |her |my \w+'?s )?(?:\w+ )?{PILLS}\b.{{0,60}}\b(?:heavy|can'?t (?:keep|stay)|eyes|sleepy|drowsy|passing out|dizzy)",
    r"\bbreathing (?:sounds|is|seems) (?:like )?(?:snoring|gurgling|rattling|weird|strange|slow|shallow)\b.{0,40}\b(?:won'?t|can'?t|isn'?t|not) (?:wake|waking|respond)",
    r"\b(?:gray|grey|blue|pale) and (?:barely|not|hardly) breathing\b",
]

RISKY_USE: list[str] = [
    rf"\b{SPEAKER}\b.{{0,20}}\b(?:going to|gonna|about to|will|want to|plan to|'ll)\b.{{0,25}}\b(?:{USE}|do|take)\b.{{0,40}}\b(?:same (?:amount|dose|as (?:before|back then|always|i used to))|usual (?:amount|dose)|as much as|like before|like i used to|what i (?:used to|always|usually|normally)|my (?:usual|old|normal) (?:amount|dose|shot)|alone|by myself|on my own|no one (?:will|would) know|nobody (?:will|would) know)\b",
    rf"\b{SPEAKER}\b.{{0,25}}\b(?:going to|gonna|about to|will)\b.{{0,30}}\b(?:after|with(?:out)?) .{{0,20}}\btolerance\b",
    rf"\b(?:going to|gonna|about to)\s+{USE}\b.{{0,60}}\b(?:same (?:amount|dose|as (?:before|back then|always|i used to))|as much as|like before|like i used to|what i used to|alone|by myself|on my own)\b",
    r"\b(?:took|used|did|shot up|had) (?:my|the) (?:usual|old|normal|same) (?:amount|dose|shot|hit)\b.{0,40}\b(?:after|clean|sober)\b",
    rf"\b(?:i|i'?m|im|i'?ll|just|gonna|going to|about to)\b(?: \w+)? (?:{USE}) alone\b",
    rf"\b(?:{USE}|going to use|gonna use|drinking) (?:tonight|today|right now|rn)\b.{{0,60}}\b(?:clean|sober|since|first time|don'?t care|alone|nobody)\b",
    r"^(?:picking up|scoring|copping|using|relapsing) (?:tonight|today|right now)[.!]*$",
    r"\b(?:lost|have no|no) (?:my )?tolerance\b.{0,40}\b(?:tonight|today|now|anyway|don'?t care)\b",
    r"\b(?:don'?t|do not) care (?:if|whether) i (?:od|overdose|die|wake up)\b",
    # A big amount named, or going all in.
    r"\b(?:going to|gonna|about to|will|doing|do|shoot|shooting|snort|snorting|take|taking)\b.{0,10}\b(?:a |the )?(?:whole|full|entire|big) (?:point|gram|g|bag|bundle|shot|line|8 ?ball|eight ?ball)\b",
    r"\b(?:buying|copping|scoring) (?:tonight|today|rn|right now)\b|\bgo(?:ing)? all in\b(?! (?:on|with|for|at)\b)",
    r"\btolerance (?:is|'s|will be) (?:gone|shot|zero|nothing|low)\b.{0,40}\b(?:tonight|today|now|rn|gonna|going to)\b",
    r"\bif i (?:die|od|overdose),? (?:i (?:die|od|overdose)|so be it|whatever|oh well)\b",
    rf"\b{USE}\b.{{0,30}}\b(?:don'?t|do not) (?:even )?care (?:what happens|any ?more|if i)\b",
    rf"\b(?:{GOING}|gonna|going to)\b.{{0,25}}\b{USE}\b.{{0,40}}\b(?:first time (?:in|since)|since (?:rehab|detox|treatment|i got clean)|after (?:\w+ )?(?:days|weeks|months|years) (?:clean|sober|off))\b",
    r"\b(?:i|i'?ve|ive|just|and)\b.{0,10}\b(?:bought|copped|scored|picked up|got) (?:a |some |me a |me some )?(?:bag|bundle|stamps?|gram of (?:h|dope|fent|heroin)|dope|fent|fentanyl|heroin|8 ?ball|eight ?ball)\b",
    rf"\b(?:mixing|mix|mixed|with) .{{0,20}}\b(?:benzos|xanax|alcohol|fentanyl|booze|{DRINK})\b.{{0,30}}\b(?:tonight|now|alone|don'?t care|rn)\b",
    rf"\b(?:gonna|going to|about to) (?:drink and take|take) my {PILLS}\b.{{0,20}}\b(?:tonight|with|and drink)\b",
    r"\btolerance\b.{0,30}\b(?:gone|shot|zero|down|low)\b.{0,40}\b(?:don'?t|do not) care\b",
    r"\b(?:going to|gonna|about to) (?:see|call|meet|text) (?:my |the )?(?:old )?(?:dealer|plug|connect|guy)\b",
    rf"\b(?:going to|gonna|about to|want to) {USE} (?:until|till|til) (?:it'?s|its|i'?m|im|it is) (?:over|dead|gone|done)\b",
]

SELF_HARM: list[str] = [
    rf"\b{SPEAKER}\b.{{0,20}}\b{CUT}\b (?:{BODY}|again|tonight|right now)\b{NOT_A_WOUND}",
    rf"\b(?:want|need|going|gonna|urge|urges) to (?:cut|hurt|harm|burn|carve|slice|scratch)(?: {BODY}{NOT_A_WOUND}| so bad| tonight|\b(?! (?:back|down|out|off|ties|carbs|my (?:hours|losses|hair|ties))\b))",
    rf"\b(?:carve|carving|carved|cut|cutting|scratch|scratching) (?:it|this|that|\w+ \w+|\w+) (?:in|into) {BODY}\b",
    # Voices or urges telling the writer to do it.
    r"\b(?:voices?|something|a voice|my head) (?:\w+ )?(?:telling|tells|told|keeps telling) me to (?:hurt|cut|harm|burn|kill|end|die)\b",
    r"\b(?:i'?ve|ive|i have|i'?m|im|i am) (?:been )?(?:self[- ]?harming|cutting|burning my ?self)(?: again)?\b(?! back| down| out| ties| carbs| corners| off)",
    rf"\b{SPEAKER}\b.{{0,15}}\bself[- ]?harm(?:ing)?\b",
    r"\bself[- ]?harm(?:ing)? (?:is back|again|every night|tonight|urges?)\b",
    r"\b(?:until|till|til) (?:it|i|they|my \w+) (?:bleeds?|bled|bruises?)\b|\b(?:deserve|need|want|wanna) to (?:bleed|punish my ?self|be punished)\b",
    r"\b(?:blade|razor|knife)\b.{0,30}\b(?:calling (?:to )?me|calls (?:to )?me)\b",
    rf"\b(?:just )?(?:cut|burned|burnt|hurt) {BODY}{NOT_A_WOUND} (?:again|tonight|today|just now|right now|rn)\b",
    r"^(?:been |started )?(?:cutting|burning|hurting) (?:again|tonight|right now|rn)\b",
    r"\b(?:can'?t|cant|cannot|won'?t) stop (?:the )?bleeding\b|\bcut (?:too|really|so) deep\b",
    rf"\b(?:keep|kept|can'?t stop|cant stop) (?:cutting|hurting|burning|harming)(?: {BODY})?(?: again)?(?=$|[,.!?;]| and\b| but\b| tonight\b)",
]
