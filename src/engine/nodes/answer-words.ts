// Short answers people type instead of pressing a button, in both languages. They
// are compared after folding, so "иә" and "иа", "всё" and "все" are the same.
export const yesWords = ["иә", "ия", "да", "ок", "ok", "жарайды", "хорошо", "верно", "дұрыс"];
export const doneWords = ["дайын", "болды", "болдым", "готово", "всё", "done", "0"];
export const skipWords = ["өткізу", "өткізіп жіберу", "пропустить", "жоқ", "нет", "skip", "0"];
