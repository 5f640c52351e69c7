import type { StageKind } from '../../shared/domain.ts';
import type { FormRecord } from '../../shared/protocol.ts';

/** A talk (intervention) of the demo week, with local Europe/Paris wall-clock times. */
export interface DemoTalk {
  start: string; // 'HH:MM' local
  end: string;
  title: string;
  speakers: string[];
  partner: string;
}

/** A stage (étape) of the demo week: one town, one venue, local Europe/Paris wall-clock times. */
export interface DemoStage {
  key: string; // short stable ascii slug
  dayIndex: 0 | 1 | 2 | 3; // 0 = Monday … 3 = Thursday
  start: string; // 'HH:MM' local Europe/Paris wall time
  end: string;
  title: string;
  town: string;
  venue: string;
  address: string;
  lat: number; // town centre, WGS84
  lng: number;
  theme: string;
  kind: StageKind;
  hosts: string[];
  talks: DemoTalk[];
}

/** The demo event: the second « Semaine des tiers-lieux en Lozère », an itinerant week. */
export const DEMO_EVENT: {
  slug: 'tiers-lieux-lozere';
  name: string;
  timeZone: 'Europe/Paris';
  defaultLocale: 'fr';
} = {
  slug: 'tiers-lieux-lozere',
  name: 'Semaine des tiers-lieux en Lozère',
  timeZone: 'Europe/Paris',
  defaultLocale: 'fr',
};

/** The eight stages of the demo week, Monday to Thursday, in programme order. */
export const DEMO_STAGES: DemoStage[] = [
  {
    key: 'langogne',
    dayIndex: 0,
    start: '14:00',
    end: '17:00',
    title: 'Langogne : le commerce connecté',
    town: 'Langogne',
    venue: 'MSAP de Langogne, locaux de la Communauté de communes du Haut-Allier',
    address: 'Place de la Mairie, 48300 Langogne',
    lat: 44.7278,
    lng: 3.8558,
    theme: 'Atelier de sensibilisation au commerce connecté : géolocalisation commerciale et réseaux sociaux',
    kind: 'indoor',
    hosts: ['Lozère Développement', 'MSAP de Langogne', 'Communauté de communes du Haut-Allier'],
    talks: [
      {
        start: '14:00',
        end: '14:45',
        title: 'Présentation de la MSAP de Langogne, réaménagée en 2016',
        speakers: ['Équipe de la MSAP de Langogne'],
        partner: 'MSAP de Langogne',
      },
      {
        start: '14:45',
        end: '16:15',
        title: 'Commerce connecté : outils de géolocalisation commerciale et communication sur les réseaux sociaux',
        speakers: ['Lysiane Bonicel'],
        partner: 'CCI de la Lozère',
      },
    ],
  },
  {
    key: 'mende-atelier',
    dayIndex: 1,
    start: '09:30',
    end: '12:00',
    title: "Mende – L'Atelier : la vidéo au service des projets",
    town: 'Mende',
    venue: "L'Atelier, tiers-lieu privé",
    address: 'Rue du Soubeyran, 48000 Mende',
    lat: 44.5181,
    lng: 3.5005,
    theme: 'Réaliser des vidéos pour promouvoir ses projets et son entreprise',
    kind: 'indoor',
    hosts: ['Lozère Développement', "L'Atelier"],
    talks: [
      {
        start: '09:45',
        end: '10:45',
        title: "Méthodes de réalisation d'une vidéo : du tournage au montage",
        speakers: ['AFA multimédia'],
        partner: 'AFA multimédia',
      },
      {
        start: '10:45',
        end: '11:45',
        title: 'La vidéo, un média clé pour la promotion des projets et des entreprises',
        speakers: ['lafabrikaimages.com'],
        partner: 'lafabrikaimages.com',
      },
    ],
  },
  {
    key: 'le-bleymard',
    dayIndex: 1,
    start: '14:00',
    end: '16:00',
    title: 'Le Bleymard : la MSAP et les usages du numérique',
    town: 'Le Bleymard',
    venue: 'Maison de services au public du Bleymard',
    address: 'Place de la Mairie, Le Bleymard, 48190 Mont Lozère et Goulet',
    lat: 44.4872,
    lng: 3.7358,
    theme: "Le rôle des MSAP dans l'accompagnement des usages du numérique des particuliers et des professionnels",
    kind: 'indoor',
    hosts: ['Lozère Développement', 'MSAP du Bleymard', 'Communauté de communes Mont-Lozère'],
    talks: [
      {
        start: '14:15',
        end: '15:15',
        title: 'Accompagner les usages du numérique des particuliers et des professionnels',
        speakers: ['Équipe de la MSAP du Bleymard'],
        partner: 'MSAP du Bleymard',
      },
    ],
  },
  {
    key: 'grandrieu',
    dayIndex: 1,
    start: '17:30',
    end: '19:30',
    title: 'Grandrieu : la MSAP, relais numérique de proximité',
    town: 'Grandrieu',
    venue: 'Maison de services au public de Grandrieu',
    address: "Place de l'Église, 48600 Grandrieu",
    lat: 44.7808,
    lng: 3.6383,
    theme: "Les maisons de services au public et l'accompagnement des usages du numérique en Margeride",
    kind: 'indoor',
    hosts: ['Lozère Développement', 'MSAP de Grandrieu', 'Communauté de communes Randon-Margeride'],
    talks: [
      {
        start: '17:45',
        end: '18:30',
        title: 'La MSAP de Grandrieu : démarches en ligne et accompagnement des professionnels',
        speakers: ['Équipe de la MSAP de Grandrieu'],
        partner: 'MSAP de Grandrieu',
      },
      {
        start: '18:30',
        end: '19:15',
        title: "Jeunes et numérique : l'accompagnement vers l'emploi et la formation",
        speakers: ['Mission locale de la Lozère'],
        partner: 'Mission locale de la Lozère',
      },
    ],
  },
  {
    key: 'saint-chely',
    dayIndex: 2,
    start: '09:30',
    end: '12:30',
    title: "Saint-Chély-d'Apcher : tiers-lieux et vie associative",
    town: "Saint-Chély-d'Apcher",
    venue: "MSAP de Saint-Chély-d'Apcher",
    address: "Place du Foirail, 48200 Saint-Chély-d'Apcher",
    lat: 44.8039,
    lng: 3.2767,
    theme: "Connexions entre tiers-lieux et vie associative : l'exemple du Wiki de territoire",
    kind: 'indoor',
    hosts: [
      'Lozère Développement',
      "MSAP de Saint-Chély-d'Apcher",
      "Médiathèque de Saint-Chély-d'Apcher",
      "Communauté de communes des Terres d'Apcher-Margeride-Aubrac",
    ],
    talks: [
      {
        start: '09:30',
        end: '09:45',
        title: "Mot d'accueil : soutenir le développement territorial et l'accueil de nouvelles populations",
        speakers: ["Le maire de Saint-Chély-d'Apcher"],
        partner: "Commune de Saint-Chély-d'Apcher",
      },
      {
        start: '09:45',
        end: '11:00',
        title: 'Tiers-lieux et animation territoriale : le Wiki de territoire du Foyer rural de Pourcharesses',
        speakers: ['Équipe de Supagro Montpellier', 'Foyer rural de Pourcharesses'],
        partner: 'Supagro Montpellier',
      },
      {
        start: '11:15',
        end: '12:15',
        title: 'MSAP et médiathèque : vers des animations communes pour relier les acteurs du territoire',
        speakers: ["Équipe de la MSAP de Saint-Chély-d'Apcher", "Équipe de la médiathèque de Saint-Chély-d'Apcher"],
        partner: "MSAP de Saint-Chély-d'Apcher",
      },
    ],
  },
  {
    key: 'chanac',
    dayIndex: 2,
    start: '14:30',
    end: '17:30',
    title: 'Chanac : les modèles économiques des tiers-lieux',
    town: 'Chanac',
    venue: 'Tiers-lieu de Chanac, dans les locaux de la bibliothèque',
    address: 'Place de la Mairie, 48230 Chanac',
    lat: 44.4672,
    lng: 3.3436,
    theme: 'Modèles économiques, animation et financement des tiers-lieux ; appel à projets de la Région Occitanie',
    kind: 'indoor',
    hosts: ['Lozère Développement', 'Tiers-lieu de Chanac', 'Bibliothèque de Chanac'],
    talks: [
      {
        start: '14:30',
        end: '15:30',
        title: "Quels modèles économiques pour un tiers-lieu rural ? Retour d'expérience à Chanac",
        speakers: ['André Michel'],
        partner: 'Tiers-lieu de Chanac',
      },
      {
        start: '15:30',
        end: '16:30',
        title: "L'appel à projets tiers-lieux de la Région Occitanie",
        speakers: ['Annie Fachetti'],
        partner: "Ad'OCC",
      },
    ],
  },
  {
    key: 'florac',
    dayIndex: 3,
    start: '10:00',
    end: '13:00',
    title: 'Florac : un tiers-lieu éphémère en extérieur',
    town: 'Florac Trois Rivières',
    venue: 'Tiers-lieu éphémère en extérieur, devant la MSAP de Florac',
    address: "Place de l'Esplanade, 48400 Florac Trois Rivières",
    lat: 44.3243,
    lng: 3.5933,
    theme: 'Tiers-lieu éphémère en extérieur : formes de collaboration (tiers-lieux, fab lab, réseaux sociaux) '
      + 'et impact sur la vie locale',
    kind: 'ephemeral',
    hosts: ['Lozère Développement', "L'Atelier", 'MSAP de Florac'],
    talks: [
      {
        start: '10:15',
        end: '11:15',
        title: 'Tiers-lieux, fab lab, réseaux sociaux : quelles formes de collaboration pour la vie locale ?',
        speakers: ['Équipe de Lozère Développement'],
        partner: 'Lozère Développement',
      },
      {
        start: '11:15',
        end: '12:15',
        title: 'Imprimante 3D, Wiki de territoire, calendriers partagés : des prétextes pour créer du lien',
        speakers: ["Équipe de L'Atelier"],
        partner: "L'Atelier",
      },
    ],
  },
  {
    key: 'pont-de-montvert',
    dayIndex: 3,
    start: '14:30',
    end: '17:00',
    title: "Le Pont-de-Montvert : le tiers-lieu et l'impression 3D",
    town: 'Le Pont-de-Montvert',
    venue: 'Tiers-lieu et MSAP du Pont-de-Montvert',
    address: 'Quai du Tarn, 48220 Le Pont-de-Montvert',
    lat: 44.3642,
    lng: 3.7444,
    theme: "Visite de scolaires : découverte du tiers-lieu et de l'impression 3D, lien entre les générations",
    kind: 'indoor',
    hosts: ['Lozère Développement', 'MSAP du Pont-de-Montvert'],
    talks: [
      {
        start: '14:30',
        end: '15:15',
        title: 'Découverte du tiers-lieu et de la MSAP du Pont-de-Montvert',
        speakers: ['Animatrices de la MSAP du Pont-de-Montvert'],
        partner: 'MSAP du Pont-de-Montvert',
      },
      {
        start: '15:15',
        end: '16:30',
        title: "Atelier d'impression 3D avec les scolaires",
        speakers: ['Animatrices de la MSAP du Pont-de-Montvert', 'Équipe de Lozère Développement'],
        partner: 'Communauté de communes des Cévennes au Mont Lozère',
      },
    ],
  },
];

/** The demo week's feedback form: faces, four short questions, a comment (French first). */
export const DEMO_FORM: Omit<FormRecord, 'id'> = {
  ratingLabel: { fr: 'Comment était cette étape ?', en: 'How was this stage?' },
  questions: [
    {
      id: 'profil',
      kind: 'single',
      label: { fr: 'Vous êtes…', en: 'You are…' },
      choices: [
        { id: 'habitant', label: { fr: 'Habitant·e du coin', en: 'A local resident' } },
        { id: 'pro', label: { fr: 'Professionnel·le', en: 'A professional' } },
        { id: 'elu', label: { fr: 'Élu·e', en: 'An elected official' } },
        { id: 'eleve', label: { fr: 'Élève', en: 'A pupil' } },
      ],
    },
    {
      id: 'moments',
      kind: 'multiple',
      label: { fr: 'Qu’avez-vous aimé ?', en: 'What did you like?' },
      choices: [
        { id: 'visite', label: { fr: 'La visite', en: 'The visit' } },
        { id: 'interventions', label: { fr: 'Les interventions', en: 'The talks' } },
        { id: 'rencontres', label: { fr: 'Les rencontres', en: 'Meeting people' } },
        { id: 'repas', label: { fr: 'Le repas', en: 'The meal' } },
      ],
    },
    {
      id: 'revenir',
      kind: 'single',
      label: { fr: 'Reviendriez-vous dans un tiers-lieu ?', en: 'Would you come back to a third place?' },
      choices: [
        { id: 'oui', label: { fr: 'Oui', en: 'Yes' } },
        { id: 'peut-etre', label: { fr: 'Peut-être', en: 'Maybe' } },
        { id: 'non', label: { fr: 'Non', en: 'No' } },
      ],
    },
    { id: 'idee', kind: 'text', label: { fr: 'Une idée pour la suite, en quelques mots', en: 'An idea for what comes next, in a few words' }, choices: [] },
  ],
  commentLabel: { fr: 'Un commentaire ? (facultatif)', en: 'Any comment? (optional)' },
};
