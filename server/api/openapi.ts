// The OpenAPI 3.1 description of the open-data API, built from the same kind tables that drive
// the API and the pages, so the document cannot drift from what the server answers.
import { KINDS, kindOf } from '../content/kinds';

/** Collections with their own path: a kind each, filterable as its public library is. */
export const COLLECTION_PATHS: Record<string, string> = {
  'legal-documents': 'legal_document',
  'investment-projects': 'investment_project',
  datasets: 'dataset',
  procedures: 'procedure',
  consultations: 'consultation',
};

const pageParams = [
  { name: 'page', in: 'query', schema: { type: 'integer', minimum: 1, default: 1 } },
  { name: 'perPage', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 100, default: 20 } },
  { name: 'lang', in: 'query', schema: { type: 'string', enum: ['vi', 'en'], default: 'vi' } },
];
const listResponses = {
  '200': {
    description: 'Một trang kết quả',
    headers: { ETag: { schema: { type: 'string' } } },
    content: { 'application/json': { schema: { $ref: '#/components/schemas/ItemPage' } } },
  },
  '304': { description: 'Không thay đổi so với ETag đã gửi (If-None-Match)' },
  '400': { $ref: '#/components/responses/Error' },
};

export function openApiDocument(serverUrl: string, siteName: string) {
  const paths: Record<string, unknown> = {
    '/items': {
      get: {
        summary: 'Các mục đã đăng theo loại',
        parameters: [
          { name: 'kind', in: 'query', schema: { type: 'string', enum: KINDS.map((k) => k.code), default: 'article' } },
          ...pageParams,
        ],
        responses: listResponses,
      },
    },
    '/items/{kind}/{slug}': {
      get: {
        summary: 'Một mục đã đăng, với nội dung và tệp đính kèm',
        parameters: [
          { name: 'kind', in: 'path', required: true, schema: { type: 'string', enum: KINDS.map((k) => k.code) } },
          { name: 'slug', in: 'path', required: true, schema: { type: 'string', pattern: '^[a-z0-9-]{1,200}$' } },
          pageParams[2],
        ],
        responses: {
          '200': {
            description: 'Mục',
            content: { 'application/json': { schema: { $ref: '#/components/schemas/ItemDetail' } } },
          },
          '304': { description: 'Không thay đổi' },
          '404': { $ref: '#/components/responses/Error' },
        },
      },
    },
  };
  for (const [path, code] of Object.entries(COLLECTION_PATHS)) {
    const kind = kindOf(code)!;
    const filters = (kind.filters ?? []).map((name) => {
      const f = kind.fields.find((x) => x.name === name)!;
      return {
        name,
        in: 'query',
        description: f.type === 'date' ? `${f.label}: năm (YYYY)` : f.label,
        schema:
          f.type === 'select'
            ? { type: 'string', enum: f.options!.map((o) => o.value) }
            : f.type === 'date'
              ? { type: 'string', pattern: '^\\d{4}$' }
              : { type: 'string', maxLength: 200 },
      };
    });
    if (code === 'consultation')
      filters.push({
        name: 'state',
        in: 'query',
        description: 'Còn hạn hay đã hết hạn góp ý',
        schema: { type: 'string', enum: ['open', 'closed'] },
      });
    paths[`/${path}`] = {
      get: { summary: kind.label, parameters: [...filters, ...pageParams], responses: listResponses },
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: `Dữ liệu mở — ${siteName}`,
      version: '1.0.0',
      description:
        'Thông tin công khai đã đăng trên trang, dạng JSON. Chỉ đọc (GET), cho phép CORS, có phân trang và ETag. Trường `fields` của mỗi mục theo loại thông tin (số ký hiệu, cơ quan ban hành, tình trạng…).',
    },
    servers: [{ url: serverUrl }],
    paths,
    components: {
      schemas: {
        ItemSummary: {
          type: 'object',
          required: ['id', 'kind', 'slug', 'title', 'url', 'publishedAt', 'fields'],
          properties: {
            id: { type: 'integer' },
            kind: { type: 'string' },
            slug: { type: 'string' },
            title: { type: 'string' },
            summary: { type: ['string', 'null'] },
            author: { type: ['string', 'null'] },
            source: { type: ['string', 'null'] },
            publishedAt: { type: 'string', format: 'date-time' },
            url: { type: 'string', format: 'uri' },
            fields: { type: 'object', additionalProperties: { type: 'string' } },
          },
        },
        ItemPage: {
          type: 'object',
          properties: {
            data: { type: 'array', items: { $ref: '#/components/schemas/ItemSummary' } },
            meta: {
              type: 'object',
              properties: {
                page: { type: 'integer' },
                perPage: { type: 'integer' },
                total: { type: 'integer' },
                pages: { type: 'integer' },
              },
            },
            links: {
              type: 'object',
              properties: Object.fromEntries(
                ['self', 'first', 'last', 'prev', 'next'].map((k) => [k, { type: ['string', 'null'], format: 'uri' }]),
              ),
            },
          },
        },
        ItemDetail: {
          type: 'object',
          properties: {
            data: {
              allOf: [
                { $ref: '#/components/schemas/ItemSummary' },
                {
                  type: 'object',
                  properties: {
                    body: { type: ['string', 'null'], description: 'HTML đã được lọc an toàn' },
                    updatedAt: { type: 'string', format: 'date-time' },
                    cover: { type: ['string', 'null'], format: 'uri' },
                    attachments: {
                      type: 'array',
                      items: {
                        type: 'object',
                        properties: {
                          name: { type: 'string' },
                          type: { type: 'string' },
                          url: { type: 'string', format: 'uri' },
                        },
                      },
                    },
                  },
                },
              ],
            },
          },
        },
        Error: {
          type: 'object',
          properties: {
            error: { type: 'object', properties: { code: { type: 'string' }, message: { type: 'string' } } },
          },
        },
      },
      responses: {
        Error: {
          description: 'Lỗi, với thông báo bằng tiếng Việt',
          content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
        },
      },
    },
  };
}
