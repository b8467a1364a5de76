import { foldText } from "./fold-text.js";

/** Commands the citizen can give at any point, typed or pressed. */
export const globalCommands = ["menu", "back", "cancel", "language", "help"] as const;
export type GlobalCommand = (typeof globalCommands)[number];

// Words in both languages (and the Telegram-style slash form), compared after folding,
// so "Мәзір", "мазир", "/menu" and "Меню" are all the menu.
const words: Readonly<Record<GlobalCommand, readonly string[]>> = {
  menu: ["menu", "мәзір", "меню", "басты мәзір", "главное меню", "start", "старт", "бастау"],
  back: ["back", "артқа", "кері", "назад"],
  cancel: ["cancel", "бас тарту", "болдырмау", "тоқтату", "отмена", "отменить", "стоп", "stop"],
  language: ["language", "тіл", "язык", "тілді ауыстыру", "сменить язык"],
  help: ["help", "көмек", "анықтама", "помощь", "справка"],
};

const folded = new Map<string, GlobalCommand>(
  (Object.entries(words) as [GlobalCommand, readonly string[]][]).flatMap(([command, list]) => list.map((word) => [foldText(word), command] as const)),
);

/** The global command in a button id (`g:menu`) or typed text, if it is one. */
export function globalCommandOf(input: { payload?: string; text?: string }): GlobalCommand | undefined {
  if (input.payload?.startsWith("g:")) {
    const command = input.payload.slice(2);
    return (globalCommands as readonly string[]).includes(command) ? (command as GlobalCommand) : undefined;
  }
  if (input.text === undefined) return undefined;
  const text = input.text.trim();
  if (text === "?") return "help";
  return folded.get(foldText(text.replace(/^\//, "")));
}
