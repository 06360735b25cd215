// English names of the kinds of information (as section names: the list's heading, the label
// above an item, the breadcrumb), of their fields and of their choices, for the English pages
// (/en). The Vietnamese names stay in kinds.ts beside the rules they label; a name missing here
// falls back to the Vietnamese one (a test checks that none is missing).
import type { Locale } from '../../tenants/tenant.types';
import type { FieldDef, KindDef } from './kinds';

interface KindEn {
  label: string;
  title: string;
  fields: Record<string, string>;
  options?: Record<string, Record<string, string>>;
}

const KINDS_EN: Record<string, KindEn> = {
  article: {
    label: 'News',
    title: 'Title',
    fields: { coverCaption: 'Cover caption', eventEndAt: 'Event ends' },
  },
  page: {
    label: 'About',
    title: 'Title',
    fields: { section: 'Section' },
    options: {
      section: {
        introduction: 'Introduction',
        organisation: 'Organisation, functions and duties',
        leaders: 'Leaders',
        contact: 'Contact',
        access: 'Access to information',
      },
    },
  },
  legal_document: {
    label: 'Legal documents',
    title: 'Abstract',
    fields: {
      number: 'Number',
      form: 'Form',
      issuingBody: 'Issuing body',
      signer: 'Signed by',
      field: 'Field',
      issuedOn: 'Issued on',
      effectiveOn: 'Effective from',
      expiresOn: 'Expires on',
      status: 'Status',
      replacedBy: 'Replaced by (number)',
    },
    options: {
      form: {
        'nghi-quyet': 'Resolution',
        'quyet-dinh': 'Decision',
        'chi-thi': 'Directive',
        'ke-hoach': 'Plan',
        'thong-bao': 'Notice',
        'cong-van': 'Official letter',
        'bao-cao': 'Report',
        khac: 'Other',
      },
      status: { in_force: 'In force', expired: 'Expired', replaced: 'Replaced' },
    },
  },
  procedure: {
    label: 'Administrative procedures',
    title: 'Procedure',
    fields: {
      code: 'Procedure code',
      field: 'Field',
      level: 'Online service level',
      processingTime: 'Processing time',
      fees: 'Fees and charges',
      requiredDocuments: 'Required documents',
      onlineUrl: 'On the public service portal',
    },
    options: { level: { full: 'Fully online', partial: 'Partly online', none: 'Not online' } },
  },
  investment_project: {
    label: 'Investment projects',
    title: 'Project',
    fields: {
      mainObjective: 'Main objective',
      field: 'Field',
      projectType: 'Project type',
      duration: 'Duration',
      budget: 'Total capital (VND)',
      fundingType: 'Funding',
      donor: 'Donor',
      status: 'Status',
    },
    options: { status: { preparing: 'In preparation', in_progress: 'In progress', completed: 'Completed' } },
  },
  consultation: {
    label: 'Drafts for consultation',
    title: 'Draft',
    fields: {
      opensOn: 'Consultation opens',
      closesOn: 'Comments due by',
      receivingAddress: 'Address for comments',
      receivingEmail: 'E-mail for comments',
    },
  },
  schedule: {
    label: 'Work schedules',
    title: 'Title',
    fields: { weekStart: 'Week starting (Monday)', entries: 'Entries' },
  },
  recruitment: {
    label: 'Recruitment',
    title: 'Title',
    fields: { position: 'Position', quantity: 'Number of posts', applyBy: 'Apply by' },
  },
  document_release: {
    label: 'Public documents',
    title: 'Title',
    fields: { releaseType: 'Type', period: 'Period' },
    options: {
      releaseType: {
        financial_report: 'Financial and budget report',
        statistics: 'Statistics',
        plan: 'Programme or plan',
        master_plan: 'Master plan',
      },
    },
  },
  dataset: {
    label: 'Open data',
    title: 'Dataset',
    fields: { format: 'Format', licence: 'Licence', updateFrequency: 'Updated' },
  },
  announcement: {
    label: 'Announcements',
    title: 'Title',
    fields: { validUntil: 'Valid until' },
  },
};

/** The names a page in `locale` shows for a kind, its fields and their choices. */
export function kindNames(kind: KindDef, locale: Locale) {
  const en = locale === 'en' ? KINDS_EN[kind.code] : undefined;
  return {
    label: en?.label ?? kind.label,
    titleLabel: en?.title ?? kind.titleLabel,
    field: (f: FieldDef) => en?.fields[f.name] ?? f.label,
    option: (f: FieldDef, value: string) =>
      en?.options?.[f.name]?.[value] ?? f.options?.find((o) => o.value === value)?.label ?? value,
  };
}
