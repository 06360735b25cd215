// Addresses of public pages that several modules link to (feeds, the sitemap, the participation
// routes): kept apart from the routes so that linking to a page does not import its handlers.

export const PARTICIPATION_PATHS = { question: '/hoi-dap', feedback: '/phan-anh-kien-nghi' } as const;
/** The page of one published question or feedback, within its site. */
export const answerPath = (kind: keyof typeof PARTICIPATION_PATHS, id: number) => `${PARTICIPATION_PATHS[kind]}/${id}`;
export const TRACKING_PATH = '/tra-cuu';
export const RATING_PATH = '/danh-gia';
/** A banner's click (`/<id>`) and image (`/<id>/anh`), counted on the way. */
export const ADS_PATH = '/quang-cao';

/** The origin a page was asked on: the scheme and host, and the port the Host header carried. */
export const originOf = (proto: string, host: string, hostHeader: string | undefined) => {
  const port = /:(\d{1,5})$/.exec(hostHeader ?? '')?.[1];
  return `${proto}://${host}${port ? `:${port}` : ''}`;
};
