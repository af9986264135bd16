import { randomUUID } from 'node:crypto';
import { CAPACITY_LEVEL } from '../../../shared/vocabulary';
import { RESOURCE_KIND, RESOURCE_LICENCE } from '../../../shared/item-vocabulary';
import type { DatabaseHandle } from '../../platform/db/database';
import { capacitiesWithLabels } from '../capacities/capacities.service';
import { demoPeople } from '../profiles/profiles.public';
import { capacityDrawer, DEMO_REGIONS, seededRandom } from '../profiles/demo-people';
import { resourcesRepository, type ResourceContent } from './resources.repository';

const BATCH = 1000;

/** How each kind is named in a demo title ("A how-to on Budgeting"), per language it is written in. */
const TITLES: Record<string, Record<string, (topic: string) => string>> = {
  en: {
    'how-to': (topic) => `How to get started with ${topic}`,
    curriculum: (topic) => `A six-week curriculum on ${topic}`,
    template: (topic) => `${topic}: a template for chapters`,
    toolkit: (topic) => `${topic} toolkit`,
    slides: (topic) => `Slides: introduction to ${topic}`,
    video: (topic) => `${topic} explained (video)`,
    course: (topic) => `Online course: ${topic}`,
    report: (topic) => `What we learned about ${topic}`,
    other: (topic) => `Notes on ${topic}`,
  },
  es: {
    'how-to': (topic) => `Cómo empezar con ${topic}`,
    curriculum: (topic) => `Programa de seis semanas: ${topic}`,
    template: (topic) => `${topic}: plantilla para capítulos`,
    toolkit: (topic) => `Caja de herramientas: ${topic}`,
    slides: (topic) => `Diapositivas: introducción a ${topic}`,
    video: (topic) => `${topic} en vídeo`,
    course: (topic) => `Curso en línea: ${topic}`,
    report: (topic) => `Lo que aprendimos sobre ${topic}`,
    other: (topic) => `Notas sobre ${topic}`,
  },
  fr: {
    'how-to': (topic) => `Bien commencer : ${topic}`,
    curriculum: (topic) => `Programme de six semaines : ${topic}`,
    template: (topic) => `${topic} : un modèle pour les chapitres`,
    toolkit: (topic) => `Boîte à outils : ${topic}`,
    slides: (topic) => `Diapositives : introduction à ${topic}`,
    video: (topic) => `${topic} en vidéo`,
    course: (topic) => `Cours en ligne : ${topic}`,
    report: (topic) => `Ce que nous avons appris : ${topic}`,
    other: (topic) => `Notes : ${topic}`,
  },
  ar: {
    'how-to': (topic) => `كيف تبدأ: ${topic}`,
    curriculum: (topic) => `منهج من ستة أسابيع: ${topic}`,
    template: (topic) => `${topic}: قالب للفروع`,
    toolkit: (topic) => `حقيبة أدوات: ${topic}`,
    slides: (topic) => `شرائح: مقدمة في ${topic}`,
    video: (topic) => `${topic} في فيديو`,
    course: (topic) => `دورة على الإنترنت: ${topic}`,
    report: (topic) => `ما تعلمناه عن ${topic}`,
    other: (topic) => `ملاحظات عن ${topic}`,
  },
};
const DESCRIPTIONS: Record<string, string> = {
  en: 'Written by volunteers after running it with our community; adapt it to yours.',
  es: 'Escrito por voluntarios después de usarlo con nuestra comunidad; adáptalo a la tuya.',
  fr: 'Écrit par des bénévoles après l’avoir utilisé avec notre communauté ; adaptez-le à la vôtre.',
  ar: 'كتبه متطوعون بعد تجربته مع مجتمعنا؛ عدّله ليناسب مجتمعك.',
};
const WRITTEN_IN = Object.keys(TITLES);

/**
 * Adds `count` plausible learning resources by demo people (one per twenty people by default): a
 * kind, one to three capacities, a title in English and often in a second language, a licence
 * (mostly free), a level, a Meta page or a Commons file; most public, some for members, a few drafts.
 */
export async function seedDemoResources(
  { db, dialect }: Pick<DatabaseHandle, 'db' | 'dialect'>,
  count: number,
  seed = 1,
): Promise<void> {
  const authors = await demoPeople(db);
  if (authors.length === 0 || count === 0) return;
  const random = seededRandom(seed * 104_729);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const labels = new Map(
    await Promise.all(
      WRITTEN_IN.map(
        async (language) =>
          [
            language,
            new Map((await capacitiesWithLabels(db, language as 'en')).map((row) => [row.id, row.label])),
          ] as const,
      ),
    ),
  );
  const capacityIds = [...labels.get('en')!.keys()];
  const drawCapacities = capacityDrawer(capacityIds, random);
  const regionLanguages = [...new Set(DEMO_REGIONS.flatMap((region) => region.languages))];
  const started = Date.now() - 365 * 86_400_000;
  const repository = resourcesRepository(db);
  for (let done = 0; done < count; done += BATCH) {
    const entries = Array.from({ length: Math.min(BATCH, count - done) }, () => {
      const kind = pick(RESOURCE_KIND.values);
      const capacities = drawCapacities(1 + Math.floor(random() * 3));
      const second = random() < 0.5 ? pick(WRITTEN_IN.slice(1)) : undefined;
      const textIn = (language: string) => ({
        language,
        title: TITLES[language]![kind]!(
          labels.get(language)!.get(capacities[0]!) ?? labels.get('en')!.get(capacities[0]!)!,
        ),
        description: DESCRIPTIONS[language]!,
      });
      const texts =
        second && random() < 0.5 ? [textIn(second), textIn('en')] : [textIn('en'), ...(second ? [textIn(second)] : [])];
      const author = pick(authors);
      const roll = random();
      const commons = random() < 0.2;
      const content: ResourceContent = {
        kind,
        level: random() < 0.8 ? pick(CAPACITY_LEVEL.values) : null,
        licence: random() < 0.1 ? 'all-rights-reserved' : pick(RESOURCE_LICENCE.values.slice(0, -1)),
        url: commons
          ? null
          : `https://meta.wikimedia.org/wiki/Capacity_Exchange/Demo/${encodeURIComponent(texts[0]!.title.replace(/ /g, '_'))}`,
        commonsFile: commons ? `${texts[0]!.title.replace(/[#<>[\]|{}/:]/g, '')}.pdf` : null,
        publishedOn: new Date(started + Math.floor(random() * 365) * 86_400_000).toISOString().slice(0, 10),
        visibility: roll < 0.8 ? 'public' : roll < 0.95 ? 'members' : 'draft',
        organizationId: null,
        texts,
        languages: [
          ...new Set([...texts.map((text) => text.language), ...(random() < 0.3 ? [pick(regionLanguages)] : [])]),
        ].sort(),
        capacities,
        authors: [{ kind: 'member', userId: author.user_id, organizationId: null, name: null }],
      };
      return { id: randomUUID(), createdAt: started + Math.floor(random() * 365 * 86_400_000), ...content };
    });
    await repository.insertMany(dialect, entries);
  }
}
