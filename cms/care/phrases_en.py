"""English phrases that signal danger now, by kind, and the talk that only sounds like it.

Each rule is a regular expression over one sentence, lower-cased, with curly quotes made
straight; people in crisis type fast, so the rules take "cant", "im", "wanna" and "rn" as
well as the spelled-out forms. A sentence is flagged when a danger rule matches, unless its
clause (CLAUSE_BREAK cuts "..., but tonight ...") also tells of the past ("last year", "when
I was") or, but for an overdose happening now, of talk that only sounds like danger:
gratitude ("saved my life"), idioms ("dying to"), questions about naloxone or tolerance,
other people's stories. A clause that says now or next (PRESENT: "tonight", "going to",
"can't stop") keeps its danger whatever it also tells. Bare topic words ("suicide",
"self-harm") flag nothing; a first-person statement does. The queue shows the phrase that
matched, so a moderator sees why. Another language is another module with the same names.
"""

# The first person, as people write it, with or without apostrophes.
_I = r"(?:i|i'm|im|i am|i've|ive|i'll|i was|i just|i really|i honestly|i think i|i'd)"
_WANT = (
    r"(?:want|wanna|going|gonna|plan(?:ning)?|ready|about|need|have|decided|thinking about"
    r"|think(?:ing)? of|gotta|'m going|will)"
)
_NOT = r"(?:don'?t|dont|do not|can'?t|cant|cannot|won'?t|wont|isn'?t|is not|no longer)"
_GOING = r"(?:going to|gonna|about to|want to|wanna|ready to|planning to|plan to|will|i'?ll)"
_PILLS = (
    r"(?:pills?|meds|medications?|tablets|xanax|bars|oxys?|percs?|benzos|tylenol|sleeping pills"
    r"|painkillers|insulin|klonopin|valium|ambien|seroquel|methadone|suboxone)"
)
_DRUGS = rf"(?:{_PILLS}|heroin|fentanyl|fent|dope|h|coke|meth|opioids?|oxy)"
_DRINK = r"(?:alcohol|booze|vodka|whiskey|wine|beer|liquor|drinking|drinks|a drink)"
_SOMEONE = (
    r"(?:he|she|they|he'?s|she'?s|they'?re|my (?:friend|boyfriend|girlfriend|bf|gf|partner"
    r"|husband|wife|son|daughter|brother|sister|mom|mum|dad|roommate|cousin|kid|buddy)"
    r"|someone|somebody|this (?:guy|girl|person))"
)
_USE = (
    r"(?:use|using|used|shoot up|shooting up|shot up|get high|getting high|got high|pick up"
    r"|picking up|picked up|score|scoring|scored|relapse|relapsing|relapsed|cop|copping)"
)
_FEEL_BAD = (
    r"(?:weird|off|strange|wrong|dizzy|sick|faint|funny|heavy|numb|scared|like passing out"
    r"|like i'?m (?:dying|fading|passing out)|fading|like i'?m going to die)"
)
_CUT = r"(?:cut|cutting|burn|burning|burned|burnt|hurt|hurting|harm|harming)"
_BODY = r"(?:my ?self|my (?:arms?|legs?|wrists?|skin|thighs?|stomach))"
_BELONGINGS = (
    r"(?:things|stuff|belongings|possessions|clothes|pets?|dogs?|cats?|guitar|car|jewell?e?ry"
    r"|books|records|games|collection|tools|plants)"
)
_GOODBYE = r"(?:goodbye|good bye|goodbyes|farewell|bye)"

DANGER: dict[str, list[str]] = {
    "thoughts of suicide": [
        r"\bkill(?:ing)? my ?self\b|\bkms\b|\b(?:unalive|off) (?:my ?self|me)\b",
        r"\b(?:hang|hanging|shoot|shooting|drown|drowning) my ?self\b",
        r"\bend(?:ing)? (?:my life|it all|things|my own life|everything)\b",
        rf"\b(?:{_GOING}|and|finally|just|to) end it\b(?! with\b)",
        r"\btonight(?:'s| is) the night\b",
        r"\b(?:i'?m|im|i am) (?:ending|done) (?:it|with life)\b",
        r"\btake my (?:own )?life\b",
        rf"\b{_I}\b.{{0,20}}\b{_WANT}\b.{{0,12}}\b(?:to )?(?:die|be dead|not wake up|never wake up|disappear for good|disappear forever)\b",
        rf"\b{_NOT} (?:want to|wanna) (?:live|be alive|be here|exist|wake up|go on)\b",
        r"\b(?:no|nothing (?:left )?to|no reason to|have nothing to) (?:live for|go on|keep going)\b",
        r"\bno (?:point|reason)(?: left)?(?: for me)? (?:in |of |to )?(?:living|live|go(?:ing)? on|be(?:ing)? alive|stay(?:ing)? alive|be(?:ing)? here|keep(?:ing)? going)\b",
        rf"\b{_NOT} see (?:the|a|any) (?:point|reason) (?:in |of )?(?:living|life|going on|being alive|being here)\b",
        r"\b(?:life|living|it) (?:isn'?t|is not|'s not|ain'?t|is no longer|not) worth (?:living|it any ?more)\b",
        r"\bnot worth living\b",
        r"\bbetter off (?:dead|without me|if i (?:was|were)(?:n'?t here| dead| gone))\b",
        # Being a burden, and the others better off once the writer is gone.
        rf"\b{_I}\b(?: \w+){{0,3}} (?:a |such a |the )?burden (?:to|on|for)\b",
        r"\bbetter off (?:when|once|after|if) (?:i'?m|im|i am) (?:gone|dead|not here|not around)\b",
        rf"\b{_NOT} (?:go on|do this any ?more|take (?:it|this|any more|anymore))\b",
        r"\b(?:i'?m|im|i am|feel(?:ing)?|been|getting|so|really|very) (?:really |so |very |super |pretty )?suicidal\b",
        r"\bsuicidal (?:again|tonight|today|right now|rn|now|thoughts (?:again|tonight|today|right now))\b",
        r"\bthinking (?:about|of) suicide\b",
        r"\bwish i (?:was|were) dead\b",
        r"\bwish i (?:could|would) (?:just )?(?:die|not wake up|disappear)\b",
        r"\b(?:wrote|writing|left|written) (?:a|my) (?:suicide )?note\b",
        r"\b(?:going to|gonna|about to|want to) jump\b",
        r"\b(?:on|at) the (?:bridge|ledge|edge of the roof|tracks)\b.{0,30}\b(?:now|right now|tonight)\b",
        r"\b(?:see|there'?s|is) no (?:way out|way forward|point any ?more)\b",
        r"\bwant (?:it|everything|the pain|this|it all) to (?:stop|end)(?: forever| for good| for ever)?\b",
        r"\b(?:keep|can'?t stop|cant stop) thinking (?:about|of) (?:dying|death|killing myself|ending it)\b",
        rf"\benough {_PILLS}\b.{{0,20}}\bto (?:end|die|kill|do it|finish|not wake)\b",
        rf"\b(?:stockpil\w*|saving up|saved up|hoard\w*|collecting|stash\w*) (?:my |the |all my )?{_PILLS}",
        rf"\b{_PILLS} (?:all )?(?:lined up|counted out|ready|in front of me)\b",
        rf"\b(?:{_GOING}|thinking (?:about|of)|think(?:ing)? about) (?:take|swallow|down|taking|swallowing|downing) (?:them all|all of them|every (?:one|last one|pill)|all (?:the|my|of my)|the whole|the rest of)\b",
        rf"\b(?:every|all the|all my) {_PILLS} in the house\b",
        r"\b(?:plan|going|want|gonna) (?:to )?(?:overdose|od) on purpose\b",
        r"\b(?:don'?t|can'?t|cant) see (?:a|any) (?:way out|way forward|point|future)\b",
        r"\b(?:nobody|no one|noone) (?:would|will|'d)(?: even| really| ever)? (?:miss me|notice if i|care if i|notice i'?m gone|care about me)\b",
        r"\b(?:done with|tired of|sick of) (?:life|living|being alive)\b",
        r"\bfeel like (?:dying|i want to die|ending it|i'?m going to die)\b",
        r"\b(?:sleep|asleep) (?:and|&) (?:never|not) (?:wake|waking) up\b",
        r"\b(?:got|have|bought|found|tied|made) (?:a|the) (?:rope|noose)\b|\bnoose\b",
        r"\b(?:gun|pistol|rifle)\b.{0,30}\b(?:on|at|to) my ?self\b|\bloaded (?:gun|pistol)\b",
        r"\bengine running in the garage\b",
        r"\b(?:use|turn|point|pull) (?:it|the (?:gun|knife|trigger)|them) on my ?self\b",
        # A plan with a date: "I've picked the date".
        r"\b(?:picked|set|chose|chosen|decided on) (?:a|the) (?:date|day)\b(?! (?:for|to|of|with)\b)",
        r"\b(?:and|to|then) (?:not|never) (?:wake|waking) up\b|\bhop(?:e|ing) i (?:don'?t|never|won'?t) wake up\b",
        r"\b(?:thinking (?:about|of)|want to|wanna|going to|gonna|about to|plan(?:ning)? to) (?:jump(?:ing)?|throw(?:ing)? my ?self) (?:off|from|in front of)\b",
        rf"\b{_I}\b.{{0,12}}\b(?:walk|drive|step) (?:into|in front of) (?:traffic|a (?:car|train|bus|truck))\b",
        r"\btonight is (?:it|the end)\b|\btoday is the day i\b",
        r"\bwant (?:it|this|everything|it all|all of (?:it|this)) to be over\b",
        r"\b(?:stop|not|cease|quit) (?:existing|exist(?:ing)? any ?more)\b",
        r"\b(?:have|got|holding|hold|sitting (?:here )?with)\b.{0,12}\b(?:a |the |my )?(?:gun|pistol|noose|rope|razor|blade|(?:a )?bottle of (?:pills|meds)|pills|meds)\b.{0,25}\b(?:lap|hand|mouth|right now|tonight|ready)\b",
        r"\b(?:won'?t|will not|not going to|don'?t think i'?(?:ll|will)|might not|may not) make it (?:through the night|through tonight|till morning|until morning|to (?:the )?morning|to tomorrow)\b",
        r"\b(?:about to|going to|gonna) do something (?:stupid|dumb|drastic|final|i can'?t take back)\b",
        r"\b(?:planning|plan(?:ned)?|researching|working out|figuring out) (?:my suicide|how (?:to|i'?(?:ll|m going to)) (?:die|kill my ?self|end it|do it))\b",
        r"\b(?:no way i'?m|i'?m not going to be|i don'?t plan to be) (?:still )?(?:here|around|alive) (?:next|by|tomorrow|much longer|in a week)\b",
        r"\blet (?:the )?(?:pills|meds|drugs|dope|fent|it) (?:do (?:their|its|the) (?:thing|job|work)|take me)\b",
    ],
    "saying goodbye": [
        rf"\b(?:this is|consider this|here'?s|this is my|saying my) (?:my )?{_GOODBYE}\b",
        rf"\b{_GOODBYE} (?:everyone|everybody|all|world|forever|friends|guys|y'?all|you all)\b",
        r"^(?:goodbye|good bye|farewell)[.!]*$",
        rf"\bsay(?:ing)? {_GOODBYE} to (?:you all|all of you|everyone|everybody|y'?all|you guys)\b",
        r"\bby the time (?:you|anyone|someone) reads? this\b",
        r"\bmy (?:last|final) (?:post|message|words|comment|night)\b",
        r"\blast (?:thing|words?|message|post|note) i'?(?:ll| will) ever\b",
        r"\bwon'?t be (?:here|around|alive) (?:tomorrow|after tonight|much longer|any ?more|by morning|for long|after this|next week)\b",
        r"\b(?:tell|please tell) my (?:kids|children|son|daughter|mom|mum|dad|family|wife|husband|partner) (?:i love|that i love|i'?m sorry)\b",
        r"\bsorry for everything\b.{0,40}\b(?:goodbye|bye|love you)\b|\blove you\b.{0,30}\bsorry for everything\b",
        r"\b(?:wrote|writing|written|left|leaving) (?:goodbye )?(?:letters?|notes?) (?:to|for) (?:my|everyone|everybody|all|each)\b",
        r"\b(?:wrote|writing|written|left|leaving) (?:the|my) (?:goodbye |last )?(?:letters|notes)\b",
        r"\bmade (?:my )?peace with (?:everything|it all|dying|death|my decision|leaving|the world|going)\b",
        # Things given away, and "where I'm going".
        rf"\b(?:gave|giving|given|give) (?:away (?:all |most )?(?:of )?my (?:\w+ )?{_BELONGINGS}|(?:all |most )?(?:of )?my (?:\w+ )?{_BELONGINGS} away)\b(?!.{{0,30}}\b(?:got clean|got sober|moved))",
        r"\b(?:need|want|take) (?:them|it|this|that|those|any of (?:it|this|them)|anything) where i'?m going\b",
    ],
    "an overdose happening now": [
        rf"\b{_I}\b.{{0,12}}\b(?:took|taken|swallowed|used|shot|injected|snorted|smoked|downed|did)\b.{{0,40}}\b(?:whole|all (?:of )?(?:my|the)|entire|too (?:much|many)|way too|bottle|everything|the rest|double|triple)\b",
        r"\b(?:i think )?i'?m (?:overdosing|od'?ing|going to od|gonna od)\b",
        rf"\b{_SOMEONE}(?:'s| is| isn'?t| won'?t| can'?t| are| aren'?t| is not)? (?:not )?(?:breathing\b(?! (?:well|properly|through))|wake up\b(?! (?:for school|on time|early))|waking up|responding|respond|moving\b(?! (?:to|in|out|on|forward|away|back|house|home)\b))",
        r"\b(?:lips|face|skin|fingers) (?:are|is|turning|turned|going) (?:blue|grey|gray|purple)\b",
        r"\b(?:isn'?t|is not|aren'?t|are not|not|stopped|has stopped) breathing\b(?! (?:well|properly|through))",
        r"\b(?:won'?t|will not|can'?t|cannot|cant) wake (?:him|her|them|my \w+) up\b",
        r"\b(?:can'?t|cannot|cant) (?:breathe|stay awake|feel my (?:chest|heart))\b",
        r"\b(?:barely|can hardly) (?:breathe|breathing|stay awake)\b",
        r"\boverdosing\b(?! on)",
        rf"\b{_I}\b.{{0,10}}\b(?:took|swallowed|taken|did)\b (?:like |about |around |maybe |almost |over )?(?:\d{{2,}}|twenty|thirty|forty|fifty|a bunch of|a handful of) (?:of )?(?:my |the |his |her )?{_DRUGS}",
        r"\b(?:is|are|'s) (?:turning|going) (?:blue|grey|gray)\b|\bis blue\b",
        rf"\b{_SOMEONE} (?:just )?(?:took|swallowed|downed) (?:all|the rest|the whole bottle|too many|a bunch) (?:of )?(?:his|her|their|the)? ?{_PILLS}",
        rf"\b(?:took|used|shot up|injected|snorted|smoked|did|relapsed)\b.{{0,60}}\b(?:now|and|feeling|feel) (?:i )?(?:feel |am |i'?m )?(?:really |so |very |super )?{_FEEL_BAD}",
        rf"\b(?:{_DRUGS}|benzos?) (?:with|and|\+|mixed with) {_DRINK}\b.{{0,60}}\b(?:not answering|snoring|won'?t|can'?t|passed out|barely)\b",
        rf"\btook (?:a bunch|a lot|a handful|loads) of {_DRUGS} (?:with|and) {_DRINK}",
        r"\b(?:snoring|gurgling|choking) (?:weird|strange|funny|loud|really loud|sounds|noises)\b|\bmaking (?:gurgling|snoring|choking|rattling) (?:sounds|noises)\b|\bis gurgling\b",
        rf"\b{_SOMEONE}\b.{{0,20}}\b(?:unresponsive|won'?t respond|isn'?t responding)\b",
        r"\b(?:is|are|'s|'re|keeps?|started|just started) (?:seizing|convulsing|having (?:a )?seizures?)\b",
        r"\b(?:can'?t|cannot|cant|couldn'?t) (?:get|make) (?:him|her|them|my \w+) (?:to )?(?:respond|wake|breathe|open (?:his|her|their) eyes)\b(?!(?: up)? (?:to (?:my|a|the|texts?|messages?|calls?)|for|on time|early)\b)",
        r"\b(?:waiting for|until) (?:the )?(?:ambulance|paramedics|ems)\b|\b(?:ambulance|paramedics|ems) (?:isn'?t|aren'?t|is not|are not) here\b",
        r"\b(?:took|swallowed|downed|used|shot up|did|snorted)\b.{0,50}\b(?:and|now) (?:is |he'?s |she'?s |they'?re |i'?m )?(?:passed out|unconscious|collapsed|slumped)\b",
        r"\b(?:took|swallowed|downed) (?:his|her|their|my) (?:whole|entire) (?:script|prescription|bottle|stash|supply)\b",
        rf"\b(?:{_USE}|took|did|shot|snorted|smoked)\b.{{0,60}}\b(?:heart (?:is |'s )?(?:racing|pounding|beating (?:so |really )?fast)|chest (?:is )?(?:tight|hurts))\b",
        rf"\b(?:just )?(?:{_USE}) (?:for the first time )?(?:in|after) (?:a|\d+|\w+) (?:days?|weeks?|months?|years?)\b.{{0,60}}\b(?:feel|feeling|racing|pounding|breathe)",
        rf"\b(?:{_USE}|injected|shot|snorted|smoked|took)\b.{{0,30}}\b(?:first time (?:since|in)|since (?:rehab|detox|treatment|jail|prison|getting out))\b.{{0,60}}\b(?:feel|feeling|racing|pounding|breathe|chest|heart|dizzy)",
    ],
    "using in a way that risks an overdose": [
        rf"\b{_I}\b.{{0,20}}\b(?:going to|gonna|about to|will|want to|plan to|'ll)\b.{{0,25}}\b(?:{_USE}|do|take)\b.{{0,40}}\b(?:same (?:amount|dose|as (?:before|back then|always|i used to))|usual (?:amount|dose)|as much as|like before|like i used to|what i used to|alone|by myself|on my own|no one (?:will|would) know|nobody (?:will|would) know)\b",
        rf"\b{_I}\b.{{0,25}}\b(?:going to|gonna|about to|will)\b.{{0,30}}\b(?:after|with(?:out)?) .{{0,20}}\btolerance\b",
        rf"\b(?:going to|gonna|about to)\s+{_USE}\b.{{0,60}}\b(?:same (?:amount|dose|as (?:before|back then|always|i used to))|as much as|like before|like i used to|what i used to|alone|by myself|on my own)\b",
        r"\b(?:took|used|did|shot up|had) (?:my|the) (?:usual|old|normal|same) (?:amount|dose|shot|hit)\b.{0,40}\b(?:after|clean|sober)\b",
        rf"\b(?:i|i'?m|im|i'?ll|just|gonna|going to|about to)\b(?: \w+)? (?:{_USE}) alone\b",
        rf"\b(?:{_USE}|going to use|gonna use|drinking) (?:tonight|today|right now|rn)\b.{{0,60}}\b(?:clean|sober|since|first time|don'?t care|alone|nobody)\b",
        r"^(?:picking up|scoring|copping|using|relapsing) (?:tonight|today|right now)[.!]*$",
        r"\b(?:lost|have no|no) (?:my )?tolerance\b.{0,40}\b(?:tonight|today|now|anyway|don'?t care)\b",
        r"\b(?:don'?t|do not) care (?:if|whether) i (?:od|overdose|die|wake up)\b",
        rf"\b{_USE}\b.{{0,30}}\b(?:don'?t|do not) (?:even )?care (?:what happens|any ?more|if i)\b",
        rf"\b(?:{_GOING}|gonna|going to)\b.{{0,25}}\b{_USE}\b.{{0,40}}\b(?:first time (?:in|since)|since (?:rehab|detox|treatment|i got clean)|after (?:\w+ )?(?:days|weeks|months|years) (?:clean|sober|off))\b",
        r"\b(?:i|i'?ve|ive|just|and)\b.{0,10}\b(?:bought|copped|scored|picked up|got) (?:a |some |me a |me some )?(?:bag|bundle|stamps?|gram of (?:h|dope|fent|heroin)|dope|fent|fentanyl|heroin|8 ?ball|eight ?ball)\b",
        rf"\b(?:mixing|mix|mixed|with) .{{0,20}}\b(?:benzos|xanax|alcohol|fentanyl|booze|{_DRINK})\b.{{0,30}}\b(?:tonight|now|alone|don'?t care|rn)\b",
        rf"\b(?:gonna|going to|about to) (?:drink and take|take) my {_PILLS}\b.{{0,20}}\b(?:tonight|with|and drink)\b",
    ],
    "self-harm": [
        rf"\b{_I}\b.{{0,20}}\b{_CUT}\b (?:{_BODY}|again|tonight|right now)\b",
        rf"\b(?:want|need|going|gonna|urge|urges) to (?:cut|hurt|harm|burn)(?: {_BODY}| so bad| tonight|\b)",
        r"\b(?:i'?ve|ive|i have|i'?m|im|i am) (?:been )?(?:self[- ]?harming|cutting|burning my ?self)(?: again)?\b(?! back| down| out| ties| carbs| corners| off)",
        rf"\b{_I}\b.{{0,15}}\bself[- ]?harm(?:ing)?\b",
        r"\bself[- ]?harm(?:ing)? (?:is back|again|every night|tonight|urges?)\b",
        rf"\b(?:just )?(?:cut|burned|burnt|hurt) {_BODY} (?:again|tonight|today|just now|right now|rn)\b",
        r"^(?:been |started )?(?:cutting|burning|hurting) (?:again|tonight|right now|rn)\b",
        r"\b(?:can'?t|cant|cannot|won'?t) stop (?:the )?bleeding\b|\bcut (?:too|really|so) deep\b",
        rf"\b(?:keep|kept|can'?t stop|cant stop) (?:cutting|hurting|burning|harming)(?: {_BODY})?(?: again)?(?=$|[,.!?;]| and\b| but\b| tonight\b)",
    ],
}

# The past: it happened, and they are here to tell it. These rule out every kind.
PAST: list[str] = [
    r"\b(?:last|that|this past) (?:year|month|summer|winter|spring|fall|time)\b",
    r"\b(?:years?|months?|weeks?) ago\b",
    r"\b(?:when i was|back (?:then|when|in)|in (?:19|20)\d\d|once,|at the time|as a (?:teen|kid|child))\b",
    # "I used to want to die", but not "I'll do what I used to do", which is a plan.
    r"(?<!what i )(?<!like i )\bused to(?: want to| wanna)?\b",
    r"\b(?:in|during) (?:high school|college|my (?:teens|twenties|thirties|twenties))\b",
    r"\b(?:i|we|he|she|they) (?:had|have) (?:been )?(?:through|survived)\b",
    r"\b(?:was|were) (?:once )?(?:suicidal|overdosing)\b",
    r"\bsince (?:then|my|i)\b",
    r"\b(?:i )?(?:survived|recovered from|came back from)\b",
]

# What only might happen: a question, a lesson, a plan for someone else. These rule out
# every kind, as the past does.
HYPOTHETICAL: list[str] = [
    r"\b(?:what to do|what you do|what (?:should|do|would|can) (?:i|you|we) do) (?:if|when)\b",
    r"\b(?:if|in case|whether) (?:someone|somebody|a person|anyone|a friend|they|you)\b",
    r"\bhow (?:do|can|would|will) (?:you|i|we) (?:know|tell|spot|recogni[sz]e)\b",
    r"\b(?:what are|know) the (?:signs|symptoms)\b|\b(?:signs|symptoms) (?:of|that)\b",
]

# What only sounds like danger. These rule out every kind but the SPARED ones.
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

# Kinds that gratitude, idioms and others' stories never rule out: "my friend overdosed and
# isn't breathing" is an emergency, and a goodbye often begins "thanks everyone".
SPARED: frozenset[str] = frozenset({"an overdose happening now", "saying goodbye"})

# A sentence naming a song, film or book: what it quotes is a topic, not a statement.
QUOTED_TOPIC = (
    r"\b(?:lyrics?|songs?|sings?|sang|album|track|title|film|movie|book|poem|show|quote|line)\b"
)

# Words that say now or next: a clause holding one keeps its danger, whatever past or
# gratitude it also tells ("My sponsor saved my life once, tonight I'm going to kill myself").
PRESENT: list[str] = [
    r"\b(?:tonight|today|right now|rn|now|this (?:weekend|morning|afternoon|evening|week))\b",
    r"\b(?:tomorrow|going to|gonna|about to|want to|wanna|ready to|plan(?:ning)? to)\b",
    r"\b(?:can'?t|cant|cannot) stop\b|\b(?:keep|still|again|any ?more)\b",
]

# Where one clause ends and the next begins: a semicolon, a dash, or a joining word.
CLAUSE_BREAK = r";|\s[-–—]\s|,?\s(?:but|and|so|yet|though|although|whereas)\s"
