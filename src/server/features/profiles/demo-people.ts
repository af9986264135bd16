import { lowerBound } from '../../../shared/sorted';
import {
  CAPACITY_LEVEL,
  EXCHANGE_FORMAT,
  EXCHANGE_MODE,
  LANGUAGE_LEVEL,
  type Visibility,
} from '../../../shared/vocabulary';

/**
 * Synthetic people for demonstrations and benchmarks: names from many cultures, languages that fit
 * their region, capacities with a long-tailed popularity, and a mix of visibility settings. The
 * same seed always gives the same people.
 */
export interface DemoPerson {
  readonly displayName: string;
  readonly country: string;
  readonly timeZone: string;
  readonly bio: string;
  readonly bioLanguage: string;
  readonly uiLanguage: string;
  readonly languages: { code: string; level: string }[];
  readonly wikis: { project: string; language: string }[];
  readonly capacities: { knows: number[]; shares: number[]; learns: number[] };
  readonly capacityLevels: Map<number, string | null>;
  readonly formats: string[];
  readonly modes: string[];
  readonly visibility: Record<
    | 'name'
    | 'username'
    | 'pronouns'
    | 'bio'
    | 'country'
    | 'availability'
    | 'languages'
    | 'wikis'
    | 'capacities'
    | 'exchange',
    Visibility
  >;
  readonly showToVisitors: boolean;
  readonly inSearch: boolean;
}

interface RegionPeople {
  readonly given: readonly string[];
  readonly family: readonly string[];
  readonly countries: readonly string[];
  readonly zones: readonly string[];
  readonly languages: readonly string[];
  readonly ui: string;
  /** Names written in the region's own scripts, which some of its people use instead of the Latin ones. */
  readonly nativeNames?: readonly NativeNames[];
}

interface NativeNames {
  readonly given: readonly string[];
  readonly family: readonly string[];
  /** Chinese, Japanese and Korean names are written family name first, without a space. */
  readonly familyFirst?: boolean;
}

/** How many of a region's people write their name in one of its own scripts. */
const NATIVE_NAME_SHARE = 0.3;

export const DEMO_REGIONS: readonly RegionPeople[] = [
  {
    given: [
      'Amani',
      'Chinedu',
      'Fatoumata',
      'Kwame',
      'Nia',
      'Tendai',
      'Abebe',
      'Zanele',
      'Kofi',
      'Wanjiru',
      'Ousmane',
      'Thandiwe',
    ],
    family: [
      'Okafor',
      'Mensah',
      'Diallo',
      'Kamau',
      'Ndlovu',
      'Bekele',
      'Traoré',
      'Mwangi',
      'Adeyemi',
      'Nkosi',
      'Sow',
      'Achieng',
    ],
    countries: ['NG', 'GH', 'KE', 'ZA', 'SN', 'ET', 'UG', 'TZ', 'CM', 'CI'],
    zones: [
      'Africa/Lagos',
      'Africa/Accra',
      'Africa/Nairobi',
      'Africa/Johannesburg',
      'Africa/Dakar',
      'Africa/Addis_Ababa',
    ],
    languages: ['en', 'fr', 'yo', 'ig', 'ha', 'sw', 'zu', 'xh', 'am', 'wo', 'tw', 'dag'],
    ui: 'en',
  },
  {
    given: [
      'Lena',
      'Jonas',
      'Sofie',
      'Mathieu',
      'Eilidh',
      'Lars',
      'Chiara',
      'Nuno',
      'Aino',
      'Pieter',
      'Maëlle',
      'Iñaki',
    ],
    family: [
      'Müller',
      'Jensen',
      'Dubois',
      'Rossi',
      'Silva',
      'Virtanen',
      'de Vries',
      'MacLeod',
      'Andersson',
      'Garcia',
      'Lefèvre',
      'Etxeberria',
    ],
    countries: ['DE', 'FR', 'IT', 'ES', 'PT', 'NL', 'SE', 'FI', 'GB', 'IE', 'BE', 'CH'],
    zones: ['Europe/Berlin', 'Europe/Paris', 'Europe/Rome', 'Europe/Madrid', 'Europe/Lisbon', 'Europe/London'],
    languages: ['en', 'de', 'fr', 'it', 'es', 'pt', 'nl', 'sv', 'fi', 'ca', 'eu', 'gl', 'cy'],
    ui: 'fr',
    nativeNames: [
      {
        given: ['Γιώργος', 'Ελένη', 'Νίκος', 'Σοφία', 'Δήμητρα'],
        family: ['Παπαδόπουλος', 'Οικονόμου', 'Νικολάου', 'Καραγιάννης'],
      },
      { given: ['İlker', 'Işıl', 'Çağla', 'Ömer', 'Şule'], family: ['Yılmaz', 'Öztürk', 'Şahin', 'Aydın', 'Çelik'] },
    ],
  },
  {
    given: ['Mei', 'Haruto', 'Ji-woo', 'Siti', 'Anh', 'Arif', 'Ploy', 'Kalani', 'Rizal', 'Yuki', 'Tavita', 'Wei'],
    family: ['Chen', 'Tanaka', 'Kim', 'Nguyen', 'Santos', 'Wijaya', 'Suzuki', 'Lim', 'Rahman', 'Park', 'Ng', 'Reyes'],
    countries: ['CN', 'JP', 'KR', 'VN', 'PH', 'ID', 'MY', 'TH', 'AU', 'NZ', 'TW', 'SG'],
    zones: ['Asia/Shanghai', 'Asia/Tokyo', 'Asia/Seoul', 'Asia/Jakarta', 'Asia/Manila', 'Australia/Sydney'],
    languages: ['zh', 'ja', 'ko', 'vi', 'tl', 'id', 'ms', 'th', 'en', 'jv', 'ceb', 'mi'],
    ui: 'en',
    nativeNames: [
      {
        given: ['健二', '陽翔', '結衣', 'さくら', '直子'],
        family: ['山田', '田中', '鈴木', '佐藤', '高橋'],
        familyFirst: true,
      },
      { given: ['伟', '芳', '娜', '静', '晓明'], family: ['王', '李', '张', '陈', '刘'], familyFirst: true },
      { given: ['지우', '민준', '서연', '하은'], family: ['김', '이', '박', '최'], familyFirst: true },
    ],
  },
  {
    given: [
      'Valentina',
      'Mateo',
      'Camila',
      'João',
      'Lucía',
      'Diego',
      'Ximena',
      'Thiago',
      'Ayelén',
      'Rafael',
      'Yupanqui',
      'Mariana',
    ],
    family: [
      'Rodríguez',
      'Oliveira',
      'Gómez',
      'Pérez',
      'Fernández',
      'Souza',
      'Mamani',
      'Hernández',
      'Quispe',
      'Castro',
      'Ramírez',
      'Lima',
    ],
    countries: ['BR', 'AR', 'MX', 'CO', 'PE', 'CL', 'BO', 'EC', 'VE', 'UY', 'GT', 'CU'],
    zones: [
      'America/Sao_Paulo',
      'America/Argentina/Buenos_Aires',
      'America/Mexico_City',
      'America/Bogota',
      'America/Lima',
      'America/Santiago',
    ],
    languages: ['es', 'pt', 'qu', 'gn', 'ay', 'en', 'ht', 'nah'],
    ui: 'es',
  },
  {
    given: [
      'Anna',
      'Dmitri',
      'Ewa',
      'Giorgi',
      'Aigerim',
      'Tomáš',
      'Milica',
      'Oleksandr',
      'Zsófia',
      'Rustam',
      'Ilze',
      'Mariam',
    ],
    family: [
      'Ivanova',
      'Kowalski',
      'Novák',
      'Petrović',
      'Beridze',
      'Nurlanovna',
      'Kovalenko',
      'Horváth',
      'Bērziņš',
      'Aliyev',
      'Popescu',
      'Hakobyan',
    ],
    countries: ['RU', 'PL', 'CZ', 'RS', 'GE', 'KZ', 'UA', 'HU', 'LV', 'AZ', 'RO', 'AM'],
    zones: ['Europe/Moscow', 'Europe/Warsaw', 'Europe/Prague', 'Europe/Belgrade', 'Asia/Tbilisi', 'Asia/Almaty'],
    languages: ['ru', 'pl', 'cs', 'sr', 'ka', 'kk', 'uk', 'hu', 'lv', 'az', 'ro', 'hy', 'tt'],
    ui: 'en',
    nativeNames: [
      {
        given: ['Łukasz', 'Małgorzata', 'Paweł', 'Zofia', 'Michał'],
        family: ['Żółw', 'Wałęsa', 'Kowalczyk', 'Błaszczyk', 'Wróbel'],
      },
      {
        given: ['Дмитрий', 'Анна', 'Алёна', 'Сергей', 'Фёдор'],
        family: ['Иванов', 'Смирнова', 'Фёдоров', 'Соколова', 'Ковалёв'],
      },
      { given: ['Ірина', 'Олександр', 'Милош', 'Јелена'], family: ['Шевченко', 'Петровић', 'Јовановић', 'Бондаренко'] },
    ],
  },
  {
    given: [
      'Aarav',
      'Priya',
      'Farhan',
      'Nimali',
      'Sanjay',
      'Ayesha',
      'Pemba',
      'Lakshmi',
      'Imran',
      'Ritu',
      'Kavya',
      'Tenzin',
    ],
    family: [
      'Sharma',
      'Patel',
      'Rahman',
      'Perera',
      'Iyer',
      'Khan',
      'Sherpa',
      'Das',
      'Chowdhury',
      'Nair',
      'Gurung',
      'Reddy',
    ],
    countries: ['IN', 'PK', 'BD', 'LK', 'NP', 'BT', 'AF', 'MV'],
    zones: ['Asia/Kolkata', 'Asia/Karachi', 'Asia/Dhaka', 'Asia/Colombo', 'Asia/Kathmandu'],
    languages: ['hi', 'bn', 'ur', 'ta', 'te', 'ml', 'mr', 'si', 'ne', 'pa', 'gu', 'kn', 'or', 'en'],
    ui: 'en',
    nativeNames: [
      { given: ['अमित', 'प्रिया', 'राहुल', 'सुनीता', 'ज़ोया'], family: ['शर्मा', 'वर्मा', 'सिंह', 'गुप्ता', 'फ़ारूक़ी'] },
      { given: ['অমিত', 'প্রিয়া', 'সুমন', 'রূপা'], family: ['রায়', 'দাস', 'চৌধুরী', 'সেন'] },
      { given: ['அருண்', 'பிரியா', 'கார்த்திக்'], family: ['குமார்', 'ராஜ்', 'சுப்பிரமணியன்'] },
    ],
  },
  {
    given: ['Layla', 'Omar', 'Yasmin', 'Karim', 'Nour', 'Youssef', 'Fatima', 'Tarek', 'Rania', 'Amir', 'Salma', 'Idir'],
    family: [
      'Haddad',
      'El-Sayed',
      'Benali',
      'Mansour',
      'Khalil',
      'Nasser',
      'Azizi',
      'Saleh',
      'Bouzid',
      'Farouk',
      'Hamdan',
      'Tahiri',
    ],
    countries: ['EG', 'MA', 'DZ', 'TN', 'JO', 'LB', 'IQ', 'SA', 'AE', 'IR', 'IL', 'PS'],
    zones: ['Africa/Cairo', 'Africa/Casablanca', 'Africa/Algiers', 'Asia/Amman', 'Asia/Beirut', 'Asia/Tehran'],
    languages: ['ar', 'fa', 'he', 'fr', 'en', 'ku', 'kab', 'zgh', 'arz', 'ary'],
    ui: 'ar',
    nativeNames: [
      {
        given: ['ليلى', 'عمر', 'ياسمين', 'كريم', 'نور', 'يوسف', 'فاطمة', 'طارق'],
        family: ['حداد', 'الخطيب', 'المصري', 'النجار', 'العلي'],
      },
      { given: ['مریم', 'علی', 'کاوه', 'نیلوفر'], family: ['رضایی', 'کریمی', 'حسینی', 'یزدانی'] },
      { given: ['נועה', 'יוסף', 'מיכל', 'אבי'], family: ['כהן', 'לוי', 'מזרחי', 'פרץ'] },
    ],
  },
  {
    given: [
      'Emily',
      'Jamal',
      'Sarah',
      'Carlos',
      'Aiyana',
      'Ethan',
      'Grace',
      'Mohammed',
      'Olivia',
      'Noah',
      'Kiona',
      'Hannah',
    ],
    family: [
      'Smith',
      'Johnson',
      'Tremblay',
      'Nguyen',
      'Martinez',
      'Begay',
      'Brown',
      'Singh',
      'Roy',
      'Williams',
      'Lee',
      'Gagnon',
    ],
    countries: ['US', 'CA'],
    zones: [
      'America/New_York',
      'America/Chicago',
      'America/Denver',
      'America/Los_Angeles',
      'America/Toronto',
      'America/Vancouver',
    ],
    languages: ['en', 'fr', 'es', 'nv', 'chr', 'iu', 'haw'],
    ui: 'en',
  },
];

const BIO_TEMPLATES: Record<string, readonly string[]> = {
  en: [
    'Wikimedian since {year}. I organise edit-a-thons and love helping newcomers.',
    'I work on {topic} and would be glad to share what I know.',
    'Volunteer with our local user group; happy to mentor.',
  ],
  fr: [
    'Wikimédien·ne depuis {year}. J’organise des éditathons et j’aime accompagner les nouveaux.',
    'Je travaille sur {topic} et partage volontiers ce que je sais.',
  ],
  es: [
    'Wikimedista desde {year}. Organizo editatones y me gusta acompañar a quienes empiezan.',
    'Trabajo en {topic} y comparto con gusto lo que sé.',
  ],
  pt: [
    'Wikimedista desde {year}. Organizo editatonas e gosto de ajudar quem está começando.',
    'Trabalho com {topic} e compartilho com prazer o que sei.',
  ],
  ar: [
    'ويكيميدي منذ {year}. أنظّم ماراثونات التحرير وأحب مساعدة الوافدين الجدد.',
    'أعمل على {topic} ويسعدني أن أشارك ما أعرفه.',
  ],
};
const TOPICS = [
  'GLAM partnerships',
  'Wikidata',
  'grant reports',
  'community health',
  'photo contests',
  'bots',
  'education programs',
];
const WIKI_PROJECTS = [
  'wikipedia',
  'wikipedia',
  'wikipedia',
  'commons',
  'wikidata',
  'wiktionary',
  'wikisource',
  'wikivoyage',
  'wikibooks',
  'meta',
];
const SINGLE_EDITION = new Set([
  'commons',
  'wikidata',
  'meta',
  'mediawiki',
  'wikispecies',
  'wikifunctions',
  'incubator',
]);

/** A small, fast, seedable generator (mulberry32): the demo must be reproducible. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Draws capacities with a long-tailed popularity: capacity k (in a fixed shuffled order) is chosen
 * with weight 1/(k+1), as a few skills are common and most are rare.
 */
export function capacityDrawer(capacityIds: readonly number[], random: () => number) {
  const order = [...capacityIds].sort((a, b) => ((a * 2654435761) % 1000) - ((b * 2654435761) % 1000));
  const weights = order.map((_, index) => 1 / (index + 1));
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  const cumulative = weights.map(
    (
      (sum) => (weight: number) =>
        (sum += weight / total)
    )(0),
  );
  const draw = () => {
    const target = random();
    // The last weight is 1 up to rounding: a draw above it takes the last capacity.
    return order[
      Math.min(
        lowerBound(cumulative, (sum) => sum < target),
        order.length - 1,
      )
    ]!;
  };
  /** `count` different capacities (fewer when the draws keep repeating), none of `exclude`. */
  return (count: number, exclude: ReadonlySet<number> = new Set()) => {
    const chosen = new Set<number>();
    for (let attempt = 0; chosen.size < count && attempt < count * 5; attempt += 1) {
      const id = draw();
      if (!exclude.has(id)) chosen.add(id);
    }
    return [...chosen];
  };
}

export function demoPeopleGenerator(capacityIds: readonly number[], seed = 1) {
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const between = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
  const distinct = capacityDrawer(capacityIds, random);
  const visibility = (): Visibility => {
    const roll = random();
    return roll < 0.25 ? 'public' : roll < 0.85 ? 'members' : 'private';
  };

  const nameIn = (region: RegionPeople) => {
    if (!region.nativeNames || random() >= NATIVE_NAME_SHARE) return `${pick(region.given)} ${pick(region.family)}`;
    const names = pick(region.nativeNames);
    const given = pick(names.given);
    const family = pick(names.family);
    return names.familyFirst ? `${family}${given}` : `${given} ${family}`;
  };

  return (): DemoPerson => {
    const region = pick(DEMO_REGIONS);
    const languageCount = between(1, 4);
    const languages = [...new Set(Array.from({ length: languageCount }, () => pick(region.languages)))].map(
      (code, index) => ({ code, level: index === 0 ? 'N' : pick(LANGUAGE_LEVEL.values.slice(1, 6)) }),
    );
    const shares = distinct(between(0, 6));
    const learns = distinct(between(0, 6), new Set(shares));
    const knows = [...new Set([...shares, ...distinct(between(0, 5))])];
    const capacityLevels = new Map<number, string | null>(
      [...knows, ...learns].map((id) => [id, random() < 0.6 ? pick(CAPACITY_LEVEL.values) : null]),
    );
    const wikis = [
      ...new Map(
        Array.from({ length: between(1, 3) }, () => {
          const project = pick(WIKI_PROJECTS);
          const language = SINGLE_EDITION.has(project) ? '' : pick(languages).code;
          return [`${project}:${language}`, { project, language }] as const;
        }),
      ).values(),
    ];
    const templateLanguage = region.ui === 'es' && random() < 0.4 ? 'pt' : region.ui;
    const bio = pick(BIO_TEMPLATES[templateLanguage] ?? BIO_TEMPLATES.en!)
      .replace('{year}', String(between(2004, 2025)))
      .replace('{topic}', pick(TOPICS));
    return {
      displayName: nameIn(region),
      country: pick(region.countries),
      timeZone: pick(region.zones),
      bio,
      bioLanguage: templateLanguage,
      uiLanguage: region.ui,
      languages,
      wikis,
      capacities: { knows, shares, learns },
      capacityLevels,
      formats: EXCHANGE_FORMAT.values.filter(() => random() < 0.35),
      modes: EXCHANGE_MODE.values.filter(() => random() < 0.6),
      visibility: {
        name: random() < 0.9 ? visibility() : 'private',
        username: visibility(),
        pronouns: visibility(),
        bio: visibility(),
        country: visibility(),
        availability: visibility(),
        languages: visibility(),
        wikis: visibility(),
        capacities: visibility(),
        exchange: visibility(),
      },
      showToVisitors: random() < 0.3,
      inSearch: random() < 0.9,
    };
  };
}

/**
 * The words the demo people are found by, for benchmarks that must search as people would: the
 * words of the bios (in their languages) and topics, and the names, Latin and in other scripts.
 */
export function demoVocabulary(): { bioWords: string[]; names: string[]; nativeNames: string[] } {
  const words = (text: string) => text.split(/[^\p{L}\p{N}]+/u).filter((word) => [...word].length >= 4);
  const bioWords = [
    ...new Set(
      [...Object.values(BIO_TEMPLATES).flat(), ...TOPICS].flatMap((text) => words(text.replace(/\{\w+\}/g, ''))),
    ),
  ];
  const names = [...new Set(DEMO_REGIONS.flatMap((region) => [...region.given, ...region.family]))];
  const nativeNames = [
    ...new Set(
      DEMO_REGIONS.flatMap((region) =>
        (region.nativeNames ?? []).flatMap((group) => [...group.given, ...group.family]),
      ),
    ),
  ];
  return { bioWords, names, nativeNames };
}
