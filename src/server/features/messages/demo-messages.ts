import { randomUUID } from 'node:crypto';
import { lowerBound } from '../../../shared/sorted';
import type { ConversationStatus } from '../../../shared/vocabulary';
import type { DatabaseHandle } from '../../platform/db/database';
import type { ConversationTable, MessageTable } from '../../platform/db/schema';
import { seededRandom } from '../profiles/demo-people';
import { pairKeyOf } from './messages.repository';

/**
 * Synthetic conversations between demo people, for demonstrations and benchmarks: a long tail of
 * activity (most people have no conversation or a few, some have dozens), mostly open conversations
 * with some requests waiting and some declined, messages of every length in many languages and
 * scripts with their language tag, and unread counts as members reading some and not others would
 * leave them. The same seed and people always give the same conversations (only the row ids differ).
 */

/** One message of a generated conversation. */
export interface DemoMessage {
  /** Written by the conversation's starter (else by its recipient). */
  readonly byStarter: boolean;
  readonly body: string;
  readonly language: string | null;
  readonly createdAt: number;
}

export interface DemoConversation {
  /** Indexes into the participants. */
  readonly starter: number;
  readonly recipient: number;
  readonly status: ConversationStatus;
  readonly createdAt: number;
  readonly decidedAt: number | null;
  /** Oldest first, each later than the one before. */
  readonly messages: readonly DemoMessage[];
  /** Unread messages of each side: the latest run the other side wrote, or 0 when they read it. */
  readonly unread: { readonly starter: number; readonly recipient: number };
}

export interface DemoConversationOptions {
  /** How many people take part: participants 0 to `participants - 1`. */
  readonly participants: number;
  /** How many messages in all (fewer only when too few people are left to pair). */
  readonly messages: number;
  readonly seed?: number;
  /** Every message is older than this. */
  readonly now?: number;
  /**
   * Participants from this index on are given activity levels spread evenly over the distribution
   * (from the quietest to the busiest), so a handful of chosen members (a benchmark's) include both.
   */
  readonly spreadFrom?: number;
  /** Pairs that already have a conversation (see `pairNumber`), left out. */
  readonly taken?: ReadonlySet<number>;
}

/** One number for a pair of participants, whichever comes first. */
export function pairNumber(a: number, b: number, participants: number): number {
  return a < b ? a * participants + b : b * participants + a;
}

const DAY_MS = 86_400_000;
/** Activity is Pareto-distributed (alpha 1.5), capped so the busiest person has some eighty conversations. */
const ACTIVITY_ALPHA = 1.5;
const ACTIVITY_CAP = 150;
const MAX_MESSAGES = 400;

interface LanguagePool {
  /** First messages of a request; `{topic}` is replaced. */
  readonly opening: readonly string[];
  /** The recipient's first answer. */
  readonly accepting: readonly string[];
  readonly short: readonly string[];
  /** Sentences that make up longer messages. */
  readonly sentences: readonly string[];
  readonly topics: readonly string[];
}

const POOLS: Record<string, LanguagePool> = {
  en: {
    opening: [
      'Hi! I saw on your profile that you share {topic}. Could you help me get started? Our user group is planning something similar.',
      'Hello, I am organising an event about {topic} next month and would love to hear how you did it.',
      'Hi there! Would you have half an hour for a call about {topic}? I have a few questions.',
    ],
    accepting: [
      'Hi! Yes, happy to help. What would you like to know first?',
      'Hello, thanks for reaching out! Sure, let’s talk.',
    ],
    short: [
      'Thanks!',
      'Sounds good 👍',
      'Sure, Thursday works for me.',
      'Great, talk soon.',
      'Sorry for the late reply!',
    ],
    sentences: [
      'We tried this last year with about twenty volunteers and it went better than expected.',
      'The hardest part was finding a venue with reliable Wi-Fi.',
      'I can share the slides and the checklist we used.',
      'Do you already have a grant for it, or are you still writing the proposal?',
      'Newcomers usually need help with references and citations more than anything else.',
      'Let me know which time zone you are in and I will send a calendar invite.',
      'Our chapter keeps its notes on Meta-Wiki: https://meta.wikimedia.org/wiki/Grants:Start',
      'If it helps, I can introduce you to the people who ran the **photo contest**.',
    ],
    topics: ['edit-a-thons', 'Wikidata', 'grant reports', 'GLAM partnerships', 'photo contests', 'education programs'],
  },
  es: {
    opening: [
      '¡Hola! Vi en tu perfil que compartes {topic}. ¿Podrías ayudarme a empezar? Nuestro grupo quiere hacer algo parecido.',
      'Hola, estoy organizando un encuentro sobre {topic} y me encantaría saber cómo lo hicieron ustedes.',
    ],
    accepting: [
      '¡Hola! Claro, con gusto te ayudo. ¿Qué te gustaría saber primero?',
      'Hola, gracias por escribir. Sí, hablemos.',
    ],
    short: ['¡Gracias!', 'Perfecto, nos vemos el jueves.', 'De acuerdo 👍', 'Perdón por la demora.'],
    sentences: [
      'El año pasado lo intentamos con unas veinte personas voluntarias y salió mejor de lo esperado.',
      'Lo más difícil fue encontrar un lugar con buena conexión a internet.',
      'Puedo compartir las diapositivas y la lista de tareas que usamos.',
      '¿Ya tienen una beca o todavía están escribiendo la propuesta?',
      'Las personas nuevas suelen necesitar ayuda con las referencias.',
      'Dime en qué zona horaria estás y te mando una invitación.',
    ],
    topics: ['editatones', 'Wikidata', 'informes de becas', 'alianzas GLAM', 'concursos de fotografía'],
  },
  fr: {
    opening: [
      'Bonjour ! J’ai vu sur votre profil que vous partagez {topic}. Pourriez-vous m’aider à démarrer ?',
      'Salut, j’organise une rencontre sur {topic} le mois prochain et j’aimerais savoir comment vous avez fait.',
    ],
    accepting: [
      'Bonjour ! Avec plaisir. Par quoi voulez-vous commencer ?',
      'Salut, merci pour ton message ! Oui, parlons-en.',
    ],
    short: ['Merci !', 'Parfait, à jeudi.', 'D’accord 👍', 'Désolé pour la réponse tardive.'],
    sentences: [
      'Nous avons essayé l’an dernier avec une vingtaine de bénévoles et cela s’est mieux passé que prévu.',
      'Le plus difficile a été de trouver une salle avec une bonne connexion.',
      'Je peux partager les diapositives et la liste de contrôle que nous avons utilisées.',
      'Avez-vous déjà une subvention, ou êtes-vous encore en train de rédiger la demande ?',
      'Les nouveaux contributeurs ont surtout besoin d’aide avec les sources.',
      'Dites-moi votre fuseau horaire et je vous envoie une invitation.',
    ],
    topics: ['les éditathons', 'Wikidata', 'les rapports de subvention', 'les partenariats GLAM', 'les concours photo'],
  },
  pt: {
    opening: [
      'Olá! Vi no seu perfil que você compartilha {topic}. Pode me ajudar a começar?',
      'Oi, estou organizando um encontro sobre {topic} e adoraria saber como vocês fizeram.',
    ],
    accepting: [
      'Olá! Claro, ajudo com prazer. O que você quer saber primeiro?',
      'Oi, obrigado pela mensagem! Vamos conversar.',
    ],
    short: ['Obrigada!', 'Combinado, até quinta.', 'Beleza 👍', 'Desculpe a demora.'],
    sentences: [
      'No ano passado tentamos com uns vinte voluntários e deu mais certo do que esperávamos.',
      'O mais difícil foi achar um lugar com internet estável.',
      'Posso compartilhar os slides e a lista de verificação que usamos.',
      'Vocês já têm uma bolsa ou ainda estão escrevendo a proposta?',
      'Quem está começando costuma precisar de ajuda com as referências.',
      'Me diga seu fuso horário e eu mando um convite.',
    ],
    topics: ['editatonas', 'Wikidata', 'relatórios de bolsas', 'parcerias GLAM', 'concursos de fotografia'],
  },
  ar: {
    opening: [
      'مرحبًا! رأيت في ملفك الشخصي أنك تشارك خبرتك في {topic}. هل يمكنك مساعدتي في البداية؟',
      'السلام عليكم، أنظّم لقاءً عن {topic} الشهر القادم وأودّ أن أعرف كيف قمتم بذلك.',
    ],
    accepting: ['أهلًا! بكل سرور. ما الذي تودّ معرفته أولًا؟', 'وعليكم السلام، شكرًا على رسالتك! نعم، لنتحدث.'],
    short: ['شكرًا جزيلًا!', 'ممتاز، نلتقي يوم الخميس.', 'تمام 👍', 'آسف على التأخر في الرد.'],
    sentences: [
      'جرّبنا ذلك العام الماضي مع نحو عشرين متطوعًا وكانت النتيجة أفضل مما توقعنا.',
      'أصعب ما واجهناه كان إيجاد قاعة فيها اتصال جيد بالإنترنت.',
      'يمكنني مشاركة الشرائح وقائمة المهام التي استخدمناها.',
      'هل حصلتم على منحة بالفعل أم ما زلتم تكتبون المقترح؟',
      'يحتاج المساهمون الجدد عادةً إلى المساعدة في المراجع والاستشهادات.',
      'أخبرني بمنطقتك الزمنية وسأرسل لك دعوة.',
    ],
    topics: ['ماراثونات التحرير', 'ويكي بيانات', 'تقارير المنح', 'الشراكات مع المتاحف والمكتبات', 'مسابقات التصوير'],
  },
  fa: {
    opening: [
      'سلام! در نمایه‌تان دیدم که در {topic} تجربه دارید. می‌توانید برای شروع کمکم کنید؟',
      'سلام، ماه آینده یک نشست دربارهٔ {topic} برگزار می‌کنیم و دوست دارم بدانم شما چطور انجامش دادید.',
    ],
    accepting: ['سلام! با کمال میل. اول چه چیزی را می‌خواهید بدانید؟', 'سلام، ممنون از پیامتان! بله، صحبت کنیم.'],
    short: ['خیلی ممنون!', 'عالی، پنجشنبه می‌بینمت.', 'باشه 👍', 'ببخشید که دیر جواب دادم.'],
    sentences: [
      'پارسال با حدود بیست داوطلب امتحانش کردیم و بهتر از انتظارمان پیش رفت.',
      'سخت‌ترین بخش پیدا کردن جایی با اینترنت خوب بود.',
      'می‌توانم اسلایدها و فهرستی را که استفاده کردیم برایتان بفرستم.',
      'آیا کمک‌هزینه گرفته‌اید یا هنوز در حال نوشتن درخواست هستید؟',
      'تازه‌واردها بیشتر در منبع‌دهی به کمک نیاز دارند.',
    ],
    topics: ['ویرایشگاه‌ها', 'ویکی‌داده', 'گزارش‌های کمک‌هزینه', 'مسابقه‌های عکاسی'],
  },
  ru: {
    opening: [
      'Здравствуйте! Я увидела в вашем профиле, что вы делитесь опытом: {topic}. Не могли бы вы помочь мне начать?',
      'Привет! В следующем месяце мы проводим встречу, тема — {topic}, и мне очень интересно, как это было у вас.',
    ],
    accepting: [
      'Здравствуйте! С удовольствием помогу. С чего начнём?',
      'Привет, спасибо, что написали! Да, давайте обсудим.',
    ],
    short: ['Спасибо!', 'Отлично, до четверга.', 'Договорились 👍', 'Извините, что долго не отвечал.'],
    sentences: [
      'В прошлом году мы пробовали с двадцатью волонтёрами, и получилось лучше, чем мы ожидали.',
      'Сложнее всего было найти помещение с нормальным интернетом.',
      'Могу поделиться слайдами и чек-листом, которыми мы пользовались.',
      'У вас уже есть грант или вы ещё пишете заявку?',
      'Новичкам обычно больше всего нужна помощь с источниками.',
    ],
    topics: ['вики-марафоны', 'Викиданные', 'отчёты по грантам', 'фотоконкурсы'],
  },
  hi: {
    opening: [
      'नमस्ते! मैंने आपकी प्रोफ़ाइल पर देखा कि आप {topic} के बारे में जानकारी साझा करते हैं। क्या आप शुरुआत में मेरी मदद कर सकते हैं?',
      'नमस्ते, हम अगले महीने {topic} पर एक कार्यक्रम कर रहे हैं और मैं जानना चाहता हूँ कि आपने इसे कैसे किया।',
    ],
    accepting: ['नमस्ते! ज़रूर, मुझे मदद करके ख़ुशी होगी। आप पहले क्या जानना चाहेंगे?', 'संदेश के लिए धन्यवाद! हाँ, बात करते हैं।'],
    short: ['धन्यवाद!', 'ठीक है, गुरुवार को मिलते हैं।', 'बढ़िया 👍', 'देर से जवाब देने के लिए माफ़ी।'],
    sentences: [
      'पिछले साल हमने लगभग बीस स्वयंसेवकों के साथ यह किया था और नतीजे उम्मीद से बेहतर रहे।',
      'सबसे मुश्किल काम अच्छे इंटरनेट वाली जगह ढूँढना था।',
      'मैं वे स्लाइड और जाँच-सूची भेज सकता हूँ जो हमने इस्तेमाल की थीं।',
      'क्या आपको अनुदान मिल चुका है या आप अभी प्रस्ताव लिख रहे हैं?',
    ],
    topics: ['एडिट-अ-थॉन', 'विकिडेटा', 'अनुदान रिपोर्ट', 'फ़ोटो प्रतियोगिताओं'],
  },
  bn: {
    opening: ['নমস্কার! আপনার প্রোফাইলে দেখলাম আপনি {topic} নিয়ে অভিজ্ঞতা ভাগ করেন। শুরু করতে একটু সাহায্য করবেন?'],
    accepting: ['নমস্কার! অবশ্যই, সাহায্য করতে পারলে ভালো লাগবে।'],
    short: ['ধন্যবাদ!', 'ঠিক আছে, বৃহস্পতিবার কথা হবে।', 'দারুণ 👍'],
    sentences: [
      'গত বছর আমরা প্রায় বিশজন স্বেচ্ছাসেবক নিয়ে এটা করেছিলাম, ফল প্রত্যাশার চেয়ে ভালো হয়েছিল।',
      'সবচেয়ে কঠিন ছিল ভালো ইন্টারনেটসহ একটা জায়গা খুঁজে পাওয়া।',
      'আমাদের ব্যবহার করা স্লাইড আর তালিকাটা পাঠাতে পারি।',
    ],
    topics: ['এডিটাথন', 'উইকিউপাত্ত', 'অনুদান প্রতিবেদন'],
  },
  zh: {
    opening: [
      '你好！我在你的个人资料里看到你可以分享{topic}方面的经验，能帮我入门吗？',
      '你好，我们下个月要办一场关于{topic}的活动，想请教一下你们是怎么做的。',
    ],
    accepting: ['你好！当然可以，很乐意帮忙。你想先了解哪方面？', '谢谢你的来信！好的，我们聊聊吧。'],
    short: ['谢谢！', '好的，周四见。', '没问题 👍', '抱歉回复晚了。'],
    sentences: [
      '去年我们和大约二十位志愿者一起试过，效果比预期的好。',
      '最难的是找到网络稳定的场地。',
      '我可以把我们用过的幻灯片和清单发给你。',
      '你们已经拿到资助了，还是还在写申请？',
      '新手通常最需要的是引用来源方面的帮助。',
    ],
    topics: ['编辑松', '维基数据', '资助报告', '摄影比赛'],
  },
  ja: {
    opening: [
      'こんにちは！プロフィールで{topic}について共有されているのを見ました。始め方を教えていただけますか？',
      'はじめまして。来月{topic}のイベントを企画していて、どのように進めたのか伺いたいです。',
    ],
    accepting: [
      'こんにちは！喜んでお手伝いします。まず何から知りたいですか？',
      'ご連絡ありがとうございます！ぜひお話ししましょう。',
    ],
    short: ['ありがとうございます！', 'では木曜日に。', '了解です 👍', '返信が遅くなってすみません。'],
    sentences: [
      '昨年、約20人のボランティアと試してみたところ、予想以上にうまくいきました。',
      '一番大変だったのは、安定したネット環境のある会場を探すことでした。',
      '使ったスライドとチェックリストを共有できます。',
      '助成金はもう決まっていますか、それとも申請書を書いているところですか？',
    ],
    topics: ['エディタソン', 'ウィキデータ', '助成金の報告', '写真コンテスト'],
  },
  sw: {
    opening: [
      'Habari! Nimeona kwenye wasifu wako kwamba unashiriki ujuzi wa {topic}. Unaweza kunisaidia kuanza?',
      'Hujambo, tunaandaa mkutano kuhusu {topic} mwezi ujao na ningependa kujua mlivyofanya.',
    ],
    accepting: ['Habari! Ndiyo, nitafurahi kukusaidia. Ungependa kujua nini kwanza?'],
    short: ['Asante sana!', 'Sawa, tuonane Alhamisi.', 'Poa 👍', 'Samahani kwa kuchelewa kujibu.'],
    sentences: [
      'Mwaka jana tulijaribu na wajitolea ishirini hivi na ilienda vizuri kuliko tulivyotarajia.',
      'Kilichokuwa kigumu zaidi ni kupata ukumbi wenye intaneti nzuri.',
      'Naweza kukutumia slaidi na orodha tuliyotumia.',
      'Mmeshapata ruzuku au bado mnaandika pendekezo?',
    ],
    topics: ['edit-a-thon', 'Wikidata', 'ripoti za ruzuku', 'mashindano ya picha'],
  },
  id: {
    opening: ['Halo! Saya lihat di profilmu kamu berbagi pengalaman tentang {topic}. Bisa bantu saya memulai?'],
    accepting: ['Halo! Tentu, dengan senang hati. Mau mulai dari mana?'],
    short: ['Terima kasih!', 'Oke, sampai Kamis.', 'Siap 👍', 'Maaf baru balas.'],
    sentences: [
      'Tahun lalu kami mencobanya dengan sekitar dua puluh relawan dan hasilnya lebih baik dari perkiraan.',
      'Bagian tersulit adalah mencari tempat dengan internet yang stabil.',
      'Saya bisa kirim slide dan daftar periksa yang kami pakai.',
      'Apakah kalian sudah dapat hibah, atau masih menulis proposal?',
    ],
    topics: ['edit-a-thon', 'Wikidata', 'laporan hibah', 'lomba foto'],
  },
  de: {
    opening: [
      'Hallo! Ich habe in deinem Profil gesehen, dass du Erfahrung mit {topic} teilst. Könntest du mir beim Einstieg helfen?',
      'Guten Tag, wir planen nächsten Monat ein Treffen zu {topic} und ich würde gern wissen, wie ihr das gemacht habt.',
    ],
    accepting: ['Hallo! Gern helfe ich. Womit möchtest du anfangen?'],
    short: ['Danke!', 'Passt, bis Donnerstag.', 'Alles klar 👍', 'Entschuldige die späte Antwort.'],
    sentences: [
      'Letztes Jahr haben wir es mit etwa zwanzig Freiwilligen versucht, und es lief besser als erwartet.',
      'Am schwierigsten war es, einen Raum mit stabilem WLAN zu finden.',
      'Ich kann dir die Folien und die Checkliste schicken, die wir benutzt haben.',
      'Habt ihr schon eine Förderung, oder schreibt ihr noch am Antrag?',
    ],
    topics: ['Edit-a-thons', 'Wikidata', 'Förderberichten', 'Fotowettbewerben'],
  },
};

/** How often each language is a conversation's language (English is the common ground). */
const LANGUAGE_WEIGHTS: readonly (readonly [string, number])[] = [
  ['en', 34],
  ['es', 12],
  ['fr', 10],
  ['pt', 8],
  ['ar', 8],
  ['ru', 5],
  ['hi', 4],
  ['zh', 4],
  ['ja', 3],
  ['sw', 3],
  ['id', 3],
  ['de', 3],
  ['fa', 2],
  ['bn', 1],
];

/** The same language tags as they are written in a message's `language`. */
export const DEMO_MESSAGE_LANGUAGES: readonly string[] = LANGUAGE_WEIGHTS.map(([code]) => code);

/** Draws an index with probability proportional to its weight (a cumulative list and a binary search). */
function weightedDrawer(weights: ArrayLike<number>, random: () => number): () => number {
  const cumulative = new Float64Array(weights.length);
  let sum = 0;
  for (let index = 0; index < weights.length; index += 1) cumulative[index] = sum += weights[index]!;
  return () => {
    const target = random() * sum;
    return Math.min(
      lowerBound(cumulative, (value) => value <= target),
      weights.length - 1,
    );
  };
}

/** Yields conversations until they hold `messages` messages in all. */
export function* demoConversations({
  participants,
  messages: wanted,
  seed = 1,
  now = Date.now(),
  spreadFrom = participants,
  taken = new Set<number>(),
}: DemoConversationOptions): Generator<DemoConversation> {
  if (participants < 2 || wanted <= 0) return;
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

  // A person's activity: how likely they are to be either side of a conversation.
  const activity = new Float64Array(participants);
  for (let index = 0; index < spreadFrom; index += 1)
    activity[index] = Math.min(ACTIVITY_CAP, (1 - random()) ** (-1 / ACTIVITY_ALPHA));
  const spread = participants - spreadFrom;
  if (spread > 0) {
    // The quantiles of the same distribution, dealt out in a shuffled order.
    const levels = Array.from({ length: spread }, (_, rank) =>
      Math.min(ACTIVITY_CAP, (1 - (rank + 0.5) / spread) ** (-1 / ACTIVITY_ALPHA)),
    );
    for (let rank = spread - 1; rank > 0; rank -= 1) {
      const other = Math.floor(random() * (rank + 1));
      [levels[rank], levels[other]] = [levels[other]!, levels[rank]!];
    }
    levels.forEach((level, rank) => (activity[spreadFrom + rank] = level));
  }
  const person = weightedDrawer(activity, random);
  const language = weightedDrawer(
    LANGUAGE_WEIGHTS.map(([, weight]) => weight),
    random,
  );
  const used = new Set(taken);

  function sentences(pool: LanguagePool, count: number): string {
    const chosen = Array.from({ length: count }, () => pick(pool.sentences));
    // Longer messages come in paragraphs, now and then with a list.
    if (count < 4) return chosen.join(' ');
    const paragraphs: string[] = [];
    for (let start = 0; start < chosen.length; start += 3) {
      const part = chosen.slice(start, start + 3);
      paragraphs.push(random() < 0.2 ? part.map((sentence) => `- ${sentence}`).join('\n') : part.join(' '));
    }
    return paragraphs.join('\n\n');
  }

  /** A message's text: short, a few sentences, a long one, or now and then a very long one. */
  function body(pool: LanguagePool): string {
    const roll = random();
    if (roll < 0.35) return pick(pool.short);
    if (roll < 0.8) return sentences(pool, 1 + Math.floor(random() * 3));
    if (roll < 0.97) return sentences(pool, 4 + Math.floor(random() * 7));
    return sentences(pool, 15 + Math.floor(random() * 30));
  }

  function messageLanguage(main: string): string {
    // Wikimedians often switch to English now and then.
    return main !== 'en' && random() < 0.08 ? 'en' : main;
  }

  /** Whether a member read the latest messages: likelier the older they are. */
  function read(latest: number): boolean {
    const age = now - latest;
    const unreadChance = age < 7 * DAY_MS ? 0.6 : age < 30 * DAY_MS ? 0.3 : 0.08;
    return random() >= unreadChance;
  }

  let remaining = wanted;
  let failures = 0;
  while (remaining > 0 && failures < 1000) {
    const starter = person();
    const recipient = person();
    const pair = pairNumber(starter, recipient, participants);
    if (starter === recipient || used.has(pair)) {
      failures += 1;
      continue;
    }
    failures = 0;
    used.add(pair);

    const statusRoll = random();
    let status: ConversationStatus = statusRoll < 0.16 ? 'request' : statusRoll < 0.26 ? 'declined' : 'open';
    let count = 1;
    if (status === 'open') {
      const tail = ((1 - random()) ** (-1 / 1.8) - 1) * 1.2;
      count = Math.min(MAX_MESSAGES, 2 + Math.floor(tail));
    }
    if (count > remaining) count = remaining;
    if (count === 1 && status === 'open') status = 'request';
    remaining -= count;

    const main = DEMO_MESSAGE_LANGUAGES[language()]!;
    // Requests are mostly recent: nobody leaves one waiting for a year, though some do.
    const ageLimit = status === 'request' ? 60 * DAY_MS : 540 * DAY_MS;
    const start = now - Math.max(60_000, random() ** 1.6 * ageLimit);
    // Gaps from half a minute to a few days, squeezed when they would run past now.
    const gaps = Array.from({ length: count - 1 }, () => 30_000 * Math.exp(random() * 9.6));
    const span = gaps.reduce((sum, gap) => sum + gap, 0);
    const squeeze = span > 0 ? Math.min(1, (now - 60_000 - start) / span) : 1;
    const times = [Math.floor(start)];
    for (const gap of gaps) times.push(Math.max(times.at(-1)! + 1, Math.floor(times.at(-1)! + gap * squeeze)));

    // The starter writes first; an open conversation's second message is mostly the recipient's answer
    // (writing back accepts), else the starter's after the recipient accepted without writing.
    const authors = [true];
    if (count > 1) authors.push(random() < 0.85 ? false : true);
    for (let index = 2; index < count; index += 1)
      authors.push(random() < 0.7 ? !authors[index - 1] : authors[index - 1]!);

    const pool = POOLS[main]!;
    const topic = pick(pool.topics);
    const list: DemoMessage[] = times.map((createdAt, index) => {
      const code = index === 0 ? main : messageLanguage(main);
      const texts = POOLS[code]!;
      const text =
        index === 0
          ? pick(pool.opening).replace('{topic}', topic)
          : index === 1 && !authors[1]
            ? `${pick(texts.accepting)}${random() < 0.5 ? ` ${body(texts)}` : ''}`
            : body(texts);
      // Most members say which language they write in; some leave it out.
      return { byStarter: authors[index]!, body: text, language: random() < 0.9 ? code : null, createdAt };
    });

    const last = list.at(-1)!;
    let decidedAt: number | null = null;
    if (status === 'open') decidedAt = authors[1] ? Math.floor((times[0]! + times[1]!) / 2) : times[1]!;
    if (status === 'declined') decidedAt = times[0]! + Math.floor(random() * Math.min(7 * DAY_MS, now - times[0]!));

    // Unread: the run of messages the other side wrote last, unless the member read it. Declining a
    // request marks it read; a request not yet answered may have been seen already.
    let trailing = 0;
    for (let index = list.length - 1; index >= 0 && list[index]!.byStarter === last.byStarter; index -= 1)
      trailing += 1;
    const unreadOf = (starterSide: boolean) =>
      last.byStarter === starterSide || status === 'declined' || read(last.createdAt) ? 0 : trailing;

    yield {
      starter,
      recipient,
      status,
      createdAt: times[0]!,
      decidedAt,
      messages: list,
      unread: { starter: unreadOf(true), recipient: unreadOf(false) },
    };
  }
}

/** Messages written per transaction. */
const BATCH_MESSAGES = 10_000;

export interface SeedDemoMessagesOptions {
  /**
   * Accounts that take part beside the demo people (a benchmark's signed-in members), given activity
   * levels from the quietest to the busiest.
   */
  readonly members?: readonly string[];
  readonly seed?: number;
  readonly now?: number;
  readonly onProgress?: (done: number, total: number) => void;
}

/**
 * The demo people's user ids in the order they were made (`demo-0`, `demo-1`, ...).
 * (This reads the profiles feature's table; profiles.public.ts should offer it.)
 */
async function demoPeopleIds(db: DatabaseHandle['db']): Promise<string[]> {
  const rows = await db.selectFrom('profiles').select(['user_id', 'handle']).where('is_demo', '=', 1).execute();
  const number = (handle: string) => Number(/(\d+)$/.exec(handle)?.[1] ?? Number.MAX_SAFE_INTEGER);
  return rows
    .map((row) => ({ id: row.user_id, number: number(row.handle) }))
    .sort((a, b) => a.number - b.number)
    .map((row) => row.id);
}

/**
 * Adds `count` demo messages in conversations among the demo people already in the database (and
 * `members`), leaving out pairs that already have a conversation, in batched transactions of bulk
 * inserts. Answers how many conversations and messages it added.
 */
export async function seedDemoMessages(
  { db, dialect }: Pick<DatabaseHandle, 'db' | 'dialect'>,
  count: number,
  { members = [], seed = 1, now = Date.now(), onProgress = () => undefined }: SeedDemoMessagesOptions = {},
): Promise<{ conversations: number; messages: number }> {
  const demo = await demoPeopleIds(db);
  const memberSet = new Set(members);
  const ids = [...demo.filter((id) => !memberSet.has(id)), ...memberSet];
  const indexOf = new Map(ids.map((id, index) => [id, index]));
  const existing = await db.selectFrom('conversations').select('pair_key').where('pair_key', 'is not', null).execute();
  const taken = new Set<number>();
  for (const { pair_key: key } of existing) {
    const [a, b] = (key ?? '').split(':').map((id) => indexOf.get(id));
    if (a !== undefined && b !== undefined) taken.add(pairNumber(a, b, ids.length));
  }

  let conversations: ConversationTable[] = [];
  let memberRows: { conversation_id: string; user_id: string; unread_count: number; last_message_at: number }[] = [];
  let messageRows: MessageTable[] = [];
  const totals = { conversations: 0, messages: 0 };
  const flush = async () => {
    if (conversations.length === 0) return;
    await db.transaction().execute(async (trx) => {
      await dialect.insertRows(trx, 'conversations', conversations);
      await dialect.insertRows(trx, 'conversation_members', memberRows);
      await dialect.insertRows(trx, 'messages', messageRows);
    });
    totals.conversations += conversations.length;
    totals.messages += messageRows.length;
    conversations = [];
    memberRows = [];
    messageRows = [];
    onProgress(totals.messages, count);
  };

  const generated = demoConversations({
    participants: ids.length,
    messages: count,
    // Another run on the same people draws other pairs.
    seed: seed + existing.length,
    now,
    spreadFrom: ids.length - memberSet.size,
    taken,
  });
  for (const conversation of generated) {
    const id = randomUUID();
    const starterId = ids[conversation.starter]!;
    const recipientId = ids[conversation.recipient]!;
    const rows = conversation.messages.map((message) => ({
      id: randomUUID(),
      conversation_id: id,
      author_id: message.byStarter ? starterId : recipientId,
      body: message.body,
      language: message.language,
      created_at: message.createdAt,
      organization_id: null,
      hidden_at: null,
    }));
    const last = rows.at(-1)!;
    conversations.push({
      id,
      starter_id: starterId,
      recipient_id: recipientId,
      pair_key: pairKeyOf(starterId, recipientId),
      status: conversation.status,
      created_at: conversation.createdAt,
      last_message_at: last.created_at,
      last_message_id: last.id,
      decided_at: conversation.decidedAt,
      organization_id: null,
    });
    for (const [userId, unread] of [
      [starterId, conversation.unread.starter],
      [recipientId, conversation.unread.recipient],
    ] as const)
      memberRows.push({ conversation_id: id, user_id: userId, unread_count: unread, last_message_at: last.created_at });
    messageRows.push(...rows);
    if (messageRows.length >= BATCH_MESSAGES) await flush();
  }
  await flush();
  return totals;
}
