import * as z from 'zod';
import { now } from '../clock.js';
import { currencyCode, Decimal, moneyAmount, sumMoney, toMoney } from '../payments/money.js';
import { defineCaseType } from './descriptor.js';
import { isoDate, personName, preferredLanguage } from './common-fields.js';

// Scenario C of the domain: a member of a company health fund asks to be reimbursed for care they
// paid. Each line's rate comes from the reimbursement-rate table; simple requests are paid with no
// human touch (the straight-through table decides which), and every payment draws on the fund's
// budget, envelope by envelope.

/** Each act category's budget envelope. */
export const ENVELOPE_OF = {
  medicine: 'medicines',
  consultation: 'consultations',
  hospitalisation: 'hospitalisation',
  'work-accident': 'work-accidents',
} as const;

const TWO_YEARS_MS = 2 * 365 * 24 * 3600 * 1000;

const careLine = z.strictObject({
  actCategory: z.enum(['medicine', 'consultation', 'hospitalisation', 'work-accident']),
  // Acts older than two years are time-barred: refused at the door rather than by an agent.
  date: isoDate
    .refine((d) => d <= now().toISOString().slice(0, 10), 'cannot be in the future')
    .refine((d) => Date.parse(d) >= now().getTime() - TWO_YEARS_MS, 'is more than two years ago'),
  amountPaid: moneyAmount,
  provider: z.string().trim().min(2).max(200),
  // The provider's registration number (RPPS, FINESS...). Without it an agent checks the line.
  providerId: z.string().regex(/^[0-9A-Za-z]{6,20}$/, 'must be 6 to 20 letters or digits').optional(),
});

export const healthReimbursementData = z.strictObject({
  member: z.strictObject({
    memberNumber: z.string().regex(/^[0-9A-Z]{6,20}$/, 'must be 6 to 20 capital letters or digits'),
    firstName: personName,
    lastName: personName,
    email: z.email().max(254).optional(),
  }),
  lines: z.array(careLine).min(1).max(50),
  currency: currencyCode.default('EUR'),
  preferredLanguage: preferredLanguage,
});

export type HealthReimbursementData = z.infer<typeof healthReimbursementData>;

export const healthReimbursement = defineCaseType({
  id: 'health-reimbursement',
  name: {
    en: 'Health reimbursement request',
    fr: 'Demande de remboursement de soins',
    de: 'Antrag auf Erstattung von Behandlungskosten',
    it: 'Richiesta di rimborso delle spese sanitarie',
    es: 'Solicitud de reembolso de gastos médicos',
    'pt-BR': 'Solicitação de reembolso de despesas médicas',
    ru: 'Заявление на возмещение медицинских расходов',
    ar: 'طلب استرداد النفقات الطبية',
    hi: 'चिकित्सा व्यय की प्रतिपूर्ति का अनुरोध',
    ta: 'மருத்துவச் செலவைத் திருப்பிப் பெறுவதற்கான கோரிக்கை',
    th: 'คำขอเบิกค่ารักษาพยาบาล',
    ja: '医療費の払戻し請求',
    'zh-Hans': '医疗费用报销申请',
    'zh-Hant': '醫療費用報銷申請',
  },
  dataSchema: healthReimbursementData,
  stateMachine: 'health-reimbursement',
  taskKinds: [
    {
      kind: 'reimbursement-review',
      title: {
        en: 'Check the reimbursement request',
        fr: 'Vérifier la demande de remboursement',
        de: 'Erstattungsantrag prüfen',
        it: 'Verificare la richiesta di rimborso',
        es: 'Revisar la solicitud de reembolso',
        'pt-BR': 'Analisar a solicitação de reembolso',
        ru: 'Проверить заявление на возмещение',
        ar: 'مراجعة طلب الاسترداد',
        hi: 'प्रतिपूर्ति अनुरोध की जाँच करें',
        ta: 'செலவுத் திருப்பிப் பெறும் கோரிக்கையைச் சரிபார்க்கவும்',
        th: 'ตรวจสอบคำขอเบิกค่ารักษาพยาบาล',
        ja: '払戻し請求を確認する',
        'zh-Hans': '审核报销申请',
        'zh-Hant': '審核報銷申請',
      },
      queue: 'agent',
      outcomes: ['approve', 'refuse'],
      dueIn: 'P5D',
      caseStatus: 'review',
      completionData: {
        approve: z.strictObject({ note: z.string().trim().max(2000).optional() }),
        refuse: z.strictObject({ reason: z.string().trim().min(5).max(2000) }),
      },
    },
    {
      // The registry did not confirm the member's coverage on the day of the care (unknown member,
      // lapsed or not yet started contract, an account not linked to this member): an agent checks
      // with the member or the employer, never a silent refusal. The reason is on the task.
      kind: 'coverage-check',
      title: {
        en: 'Check the member\'s coverage',
        fr: 'Vérifier les droits de l\'adhérent',
        de: 'Versicherungsschutz des Mitglieds prüfen',
        it: 'Verificare la copertura dell\'iscritto',
        es: 'Verificar la cobertura del afiliado',
        'pt-BR': 'Verificar a cobertura do beneficiário',
        ru: 'Проверить страховое покрытие участника',
        ar: 'التحقق من تغطية المنتسب',
        hi: 'सदस्य के बीमा कवरेज की जाँच करें',
        ta: 'உறுப்பினரின் காப்பீட்டுத் தகுதியைச் சரிபார்க்கவும்',
        th: 'ตรวจสอบความคุ้มครองของสมาชิก',
        ja: '加入者の補償を確認する',
        'zh-Hans': '核实成员的保障资格',
        'zh-Hant': '核實成員的保障資格',
      },
      queue: 'agent',
      outcomes: ['covered', 'not-covered'],
      dueIn: 'P2D',
      caseStatus: 'coverage-check',
      completionData: {
        covered: z.strictObject({ note: z.string().trim().min(5).max(2000) }),
        'not-covered': z.strictObject({ reason: z.string().trim().min(5).max(2000) }),
      },
    },
  ],
  documents: [
    {
      category: 'care-invoice',
      folder: 'invoices',
      label: {
        en: 'Invoices or care sheets',
        fr: 'Factures ou feuilles de soins',
        de: 'Rechnungen oder Behandlungsbelege',
        it: 'Fatture o ricevute sanitarie',
        es: 'Facturas o justificantes de asistencia',
        'pt-BR': 'Notas fiscais ou recibos médicos',
        ru: 'Счета или документы об оказанной медицинской помощи',
        ar: 'فواتير أو أوراق العلاج',
        hi: 'बिल या उपचार पर्चियाँ',
        ta: 'விலைப்பட்டியல்கள் அல்லது சிகிச்சைச் சீட்டுகள்',
        th: 'ใบเสร็จรับเงินหรือใบรับรองการรักษา',
        ja: '領収書または診療明細書',
        'zh-Hans': '发票或诊疗单据',
        'zh-Hant': '收據或診療單據',
      },
      required: false,
      maxSizeMb: 10,
    },
  ],
  serviceLevels: { calendar: 'FR', caseTarget: 'P10D', atRiskShare: 0.75 },
  facts: (data) => ({
    // For the tables' thresholds only (FEEL compares numbers); money itself is computed in decimal.
    amount: new Decimal(sumMoney(data.lines.map((l) => l.amountPaid))).toNumber(),
    incompleteLines: data.lines.filter((l) => !l.providerId).length,
    workAccidentLines: data.lines.filter((l) => l.actCategory === 'work-accident').length,
    actCategory: data.lines.length === 1 ? data.lines[0]!.actCategory : null,
  }),
  assess: async (data, decide) => {
    const lines = await Promise.all(
      data.lines.map(async (line) => {
        const rate = await decide('reimbursement-rate', { actCategory: line.actCategory });
        if (typeof rate.value !== 'number') throw new Error(`no reimbursement rate for ${line.actCategory}`);
        // The table's literal (0.75) read back through its shortest decimal form: exact.
        const reimbursed = toMoney(new Decimal(line.amountPaid).times(String(rate.value)));
        return { actCategory: line.actCategory, date: line.date, amountPaid: line.amountPaid, rate: String(rate.value), rateVersion: rate.version, reimbursed };
      }),
    );
    const byEnvelope = new Map<string, string[]>();
    for (const line of lines) byEnvelope.set(ENVELOPE_OF[line.actCategory], [...(byEnvelope.get(ENVELOPE_OF[line.actCategory]) ?? []), line.reimbursed]);
    return {
      amount: sumMoney(lines.map((l) => l.reimbursed)),
      currency: data.currency,
      allocations: [...byEnvelope].map(([envelope, amounts]) => ({ envelope, amount: sumMoney(amounts) })),
      lines,
    };
  },
  budget: {
    id: 'health-fund',
    currency: 'EUR',
    alertShare: 0.9,
    // The fund's 100 M€ a year, of which 10 M€ for medicines.
    envelopes: [
      { envelope: 'medicines', annual: '10000000.00' },
      { envelope: 'consultations', annual: '30000000.00' },
      { envelope: 'hospitalisation', annual: '50000000.00' },
      { envelope: 'work-accidents', annual: '10000000.00' },
    ],
  },
  payee: (data) => data.member.memberNumber,
  coverage: {
    memberNumber: (data) => data.member.memberNumber,
    eventDate: (data) => data.lines.map((l) => l.date).sort()[0]!,
    memberNumberField: 'data.member.memberNumber',
  },
  involvedAmount: (data) => ({ amount: sumMoney(data.lines.map((l) => l.amountPaid)), currency: data.currency, businessLine: 'health' }),
  summarise: (data) => ({ claimantName: `${data.member.firstName} ${data.member.lastName}`, title: `${data.lines.length} care line(s)` }),
  searchTerms: (data) => [data.member.firstName, data.member.lastName, data.member.memberNumber],
  claimantContact: (data) => ({ ...(data.member.email ? { email: data.member.email } : {}), language: data.preferredLanguage }),
});
