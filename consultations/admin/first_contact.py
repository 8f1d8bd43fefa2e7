"""The change form's sections for the first call: 相談の流れ, the conditions families ask about,
consulting without a voice, and the counsellor's message card."""

FLOW_FIELDS = [
    "flow_answered_by",
    "flow_questions",
    "flow_duration",
    "flow_no_diagnosis",
    "flow_next",
]
FLOW_HELP = (
    "電話をかけるとどうなるかを、この窓口のこととして書きます。空欄の項目は表示されません。"
    "一般的な説明で埋めないでください（住民は、この窓口の説明として読みます）。"
)
CONDITION_FIELDS = [
    "family_without_consent",
    "anonymous_ok",
    "out_of_area_family",
    "same_counsellor",
    "callback",
]
WRITTEN_FIELDS = ["written_howto", "written_url", "written_reply_time"]
WRITTEN_HELP = (
    "電話のできない方のために、窓口のページでは声を出さずに相談できる方法をまとめて示します。"
    "どの方法が使えるかは「相談方法」で、メールアドレスと FAX 番号は「連絡先」で入力します。"
)
MESSAGE_FIELDS = [
    "message",
    "message_by",
    "message_photo",
    "message_photo_alt",
    "message_consent_on",
    "message_expires_on",
]
MESSAGE_HELP = (
    "メッセージ・名前・写真は、本人の同意を得た日と掲載の期限を入れたときだけ公開されます。"
    "期限を過ぎると公開ページとチラシから消え、年に一度の確認の一覧に出ます。"
    "写真は縮小し、撮影日時や位置などの情報を消して保存します。"
)
