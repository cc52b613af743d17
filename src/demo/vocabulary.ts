// Names and phrases of the demo community: a multilingual tech-and-city meetup group.
// Small lists recombined; no lorem ipsum.

export const LATIN_FIRST = [
  "Anna",
  "Lukas",
  "Sofia",
  "Mateo",
  "Emma",
  "Jonas",
  "Chloé",
  "João",
  "Giulia",
  "Paweł",
  "Lena",
  "Noah",
  "Marta",
  "Diego",
  "Clara",
  "Felix",
  "Inês",
  "Tomás",
  "Nora",
  "Elias",
  "Camille",
  "Hugo",
  "Zoë",
  "Björn",
  "Aylin",
  "Mehmet",
  "Katarzyna",
  "Luca",
  "Freya",
  "Oliver",
  "Mia",
  "Leon",
  "Sara",
  "Pablo",
  "Julia",
  "Max",
  "Ana",
  "Theo",
  "Laura",
  "Finn",
] as const;

export const LATIN_LAST = [
  "Schmidt",
  "García",
  "Rossi",
  "Kowalski",
  "Silva",
  "Dubois",
  "Müller",
  "Smith",
  "Novák",
  "Jensen",
  "Fischer",
  "López",
  "Bianchi",
  "Nowak",
  "Santos",
  "Martin",
  "Weber",
  "Brown",
  "Horvat",
  "Yılmaz",
] as const;

export const CYRILLIC_FIRST = [
  "Алексей",
  "Мария",
  "Дмитрий",
  "Ольга",
  "Иван",
  "Екатерина",
  "Сергей",
  "Наталья",
  "Андрей",
  "Юлия",
  "Олександр",
  "Анастасия",
  "Михаил",
  "Татьяна",
  "Никита",
  "Дарья",
  "Павел",
  "Ирина",
  "Артём",
  "Ксения",
] as const;

export const CYRILLIC_LAST = [
  "Иванов",
  "Смирнова",
  "Кузнецов",
  "Попова",
  "Шевченко",
  "Соколов",
  "Лебедева",
  "Козлов",
  "Новикова",
  "Морозов",
] as const;

export const CJK_NAMES = [
  "王伟",
  "李娜",
  "張偉",
  "佐藤 健",
  "鈴木 花子",
  "김민준",
  "이서연",
  "陈静",
  "田中 翔",
  "박지훈",
] as const;

export const ARABIC_NAMES = ["محمد", "فاطمة", "أحمد", "ليلى", "يوسف", "مريم", "عمر", "نور"] as const;

export const NICKNAMES = [
  "dima_dev",
  "katya.codes",
  "lost_in_berlin",
  "nightowl",
  "pixelpusher",
  "ramen_lover",
  "b0b",
] as const;

export const NAME_EMOJI = ["🌸", "🚀", "🎧", "☕", "🐱", "🔥", "🌿", "⚡", "🎸", "🦊"] as const;

export const TITLES = ["Hackers & Coffee ☕", "Hackers & Coffee Berlin ☕"] as const;

export const CHANNELS = [
  { name: "Tech News Daily", id: 1387245561 },
  { name: "Berlin Events 🎟", id: 1502283344 },
] as const;

export type Language = "en" | "de" | "ru" | "es";

export const PHRASES: Record<Language, readonly string[]> = {
  en: [
    "good morning everyone",
    "anyone going to the meetup on Thursday?",
    "same here",
    "that's a great idea",
    "I can bring the projector",
    "what time does it start?",
    "thanks, that helped a lot",
    "has anyone tried the new release yet?",
    "the build is green again",
    "see you tonight",
    "I'll be 10 minutes late",
    "where do we meet?",
    "nice photos!",
    "does anyone know a good place for lunch near the station?",
    "count me in",
    "welcome to the group!",
    "sorry, missed that",
    "the slides are in the pinned message",
    "haha exactly",
    "I disagree, tabs are fine",
    "just pushed a fix",
    "who has a spare HDMI cable?",
    "congrats!",
    "that talk was really good",
    "is the wifi password still the same?",
  ],
  de: [
    "guten Morgen zusammen",
    "wer kommt heute Abend mit?",
    "klingt gut",
    "bin dabei",
    "danke dir!",
    "wo treffen wir uns?",
    "ich bin etwas später da",
    "super Vortrag gestern",
    "hat jemand ein Ladekabel?",
    "bis später",
    "stimmt, das ist kaputt",
    "schönes Wochenende euch",
  ],
  ru: [
    "всем привет",
    "кто идёт на митап в четверг?",
    "согласен",
    "отличная идея",
    "спасибо, помогло",
    "во сколько начало?",
    "я немного опоздаю",
    "где встречаемся?",
    "классные фото!",
    "кто-нибудь пробовал новую версию?",
    "сборка снова зелёная",
    "до вечера",
    "ахаха точно",
    "добро пожаловать!",
    "слайды в закрепе",
  ],
  es: [
    "buenos días a todos",
    "¿alguien va al meetup del jueves?",
    "me apunto",
    "¡qué buena idea!",
    "gracias, me sirvió mucho",
    "¿a qué hora empieza?",
    "llego un poco tarde",
    "¿dónde quedamos?",
    "¡felicidades!",
    "nos vemos esta noche",
  ],
};

export const SHORT = [
  "+1",
  "ok",
  "lol",
  "😂",
  "👍",
  "🔥🔥",
  "yes!",
  "no way",
  "😅",
  "🙏",
  "❤️",
  "same",
  "?",
  "!!!",
  "ага",
  "ja",
] as const;

export const QUESTION_TAILS = [" 🤔", "?", " anyone?", "", ""] as const;

export const LINKS = [
  "https://github.com/grammyjs/grammY",
  "https://www.postgresql.org/docs/current/",
  "https://nodejs.org/en/blog",
  "https://www.meetup.com/hackers-coffee/events/",
  "https://developer.mozilla.org/en-US/docs/Web/JavaScript",
  "https://news.ycombinator.com/item?id=41234567",
  "https://maps.app.goo.gl/x7Kq2",
] as const;

export const LINK_INTROS = ["look: ", "this one ", "found it: ", "смотрите: ", "mira: ", "", "relevant: "] as const;

export const CAPTIONS = [
  "view from the venue",
  "the whiteboard after the session",
  "lunch 🍜",
  "фото с митапа",
  "our new office",
  "",
] as const;

export const FORWARD_TEXTS = [
  "PostgreSQL 17 released with faster vacuum and incremental backups",
  "Free entry to the open-air cinema this Friday",
  "Node.js 22 becomes the active LTS line",
  "New bike lanes open on Friedrichstraße next week",
  "The city library extends opening hours on Sundays",
] as const;

export const STICKER_EMOJI = ["😂", "👍", "🥰", "😎", "🙈", "🤔", "😭", "🎉"] as const;

export const REACTIONS = ["👍", "❤", "🔥", "😂", "👏", "🎉", "🤔", "😢"] as const;

export const POLLS = [
  { question: "Next meetup: which day?", answers: ["Tuesday", "Wednesday", "Thursday"] },
  { question: "Pizza or sushi?", answers: ["Pizza 🍕", "Sushi 🍣"] },
  { question: "Какой язык учим дальше?", answers: ["Rust", "Go", "Zig"] },
] as const;
