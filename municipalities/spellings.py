"""The spellings residents type for one thing: data, kept in this one place.

normalize.search_key folds them the same way in stored text and in queries, so any spelling
finds what the others find. Write them as people type them; width and kana type fold anyway
(ヒキコモリ and ﾋｷｺﾓﾘ are ひきこもり already).
"""

# The subject: every spelling below folds to SUBJECT.
SUBJECT = "ひきこもり"
SUBJECT_VARIANTS = (
    "引きこもり",
    "引き籠もり",
    "引き籠り",
    "引籠もり",
    "引籠り",
    "引き篭もり",
    "引き篭り",
    "引篭もり",
    "引篭り",
    "引こもり",
    "hikikomori",
)

# Characters written two ways in place names: 青ヶ島 / 青ケ島, 檜原 / 桧原.
CHARACTER_VARIANTS = {
    "ヶ": "ケ",
    "ヵ": "カ",
    "桧": "檜",
}

# Words a resident adds to a municipality's name ("練馬区 ひきこもり 相談") that still mean
# "take me to 練馬区": dropped before the name lookup, never from the keyword search.
SUBJECT_WORDS = (SUBJECT, "相談窓口", "相談先", "相談", "窓口", "支援")

# An address-style prefix ("東京都練馬区"): dropped before the name lookup, only at the start.
PREFECTURE_PREFIXES = ("東京都", "とうきょうと")
