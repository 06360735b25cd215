// npm run generate -- --sites 150 --items 1000000 [--database-url URL] [--reset] [--seed N]
//
// Fills a real Postgres with a realistic, large data set for benchmarks (search, item pages, and
// later the reports): the portal plus `--sites` sub-sites (departments, agencies, communes,
// wards), created through the platform's own provisioning and blueprints, and `--items`
// published items of every kind, in Vietnamese (NFC, with diacritics), spread over the last
// three years with their workflow times (received, submitted, due, published, late or not).
//
// Sites go through `createSite` like any site; items are bulk-inserted (INSERT … SELECT FROM
// unnest of arrays, several thousand rows a statement, two connections) with the search trigger
// on, so `search_vector` is exactly what the application writes. The indexes of `items` that
// back no constraint are dropped for the load and rebuilt from their own definitions afterwards
// (a bulk GIN build is much faster than a million incremental inserts), then the table is
// vacuumed and analysed, as autovacuum would leave it.
//
// The database is never DATABASE_URL (a developer's own database must not get a million rows by
// accident): it is --database-url, by default postgres://postgres@127.0.0.1:5432/cong_bench,
// created when missing. A database that already holds sites or items is refused; --reset drops
// and recreates it first. The same --seed gives the same data.
import crypto from 'node:crypto';
import { Client, Pool } from 'pg';
import { QueryTypes, type Sequelize } from 'sequelize';
import { loadConfig } from '../server/config';
import { createLogger, startPlatform, type Platform } from '../server/platform';
import { createSite, type SiteInput } from '../tenants/provisioning';
import { applyBlueprint } from '../tenants/blueprints';
import type { TenantKind } from '../tenants/tenant.types';
import { demoSites } from '../server/seed/demo';
import { slugify } from '../server/text/slugify';
import { KINDS } from '../server/content/kinds';
import {
  loadCalendar,
  seedCalendar,
  vnDay,
  type DeadlineUnit,
  type WorkingCalendar,
} from '../server/calendar/working-calendar';

const DEFAULT_URL = 'postgres://postgres@127.0.0.1:5432/cong_bench';

interface Options {
  sites: number;
  items: number;
  databaseUrl: string;
  reset: boolean;
  seed: number;
  batch: number;
}

function parseArgs(argv: string[]): Options {
  const o: Options = { sites: 150, items: 1_000_000, databaseUrl: DEFAULT_URL, reset: false, seed: 2026, batch: 2000 };
  const usage =
    'Cách dùng: npm run generate -- [--sites 150] [--items 1000000] [--database-url postgres://…] [--reset] [--seed 2026]';
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const [flag, inline] = a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new Error(`${flag} cần một giá trị. ${usage}`);
      return v;
    };
    const count = (name: string, min: number, max: number) => {
      const n = Number(value().replace(/[_.,]/g, ''));
      if (!Number.isInteger(n) || n < min || n > max) throw new Error(`${name} phải là số nguyên từ ${min} đến ${max}`);
      return n;
    };
    switch (flag) {
      case '--sites':
        o.sites = count('--sites', 1, 400);
        break;
      case '--items':
        o.items = count('--items', 0, 20_000_000);
        break;
      case '--database-url':
        o.databaseUrl = value();
        break;
      case '--seed':
        o.seed = count('--seed', 0, 2 ** 31 - 1);
        break;
      case '--batch':
        o.batch = count('--batch', 100, 20_000);
        break;
      case '--reset':
        o.reset = true;
        break;
      case '--help':
      case '-h':
        console.log(usage);
        process.exit(0);
        break;
      default:
        throw new Error(`Tham số không hợp lệ: ${a}. ${usage}`);
    }
  }
  const url = new URL(o.databaseUrl);
  if (!['postgres:', 'postgresql:'].includes(url.protocol) || url.pathname.length < 2)
    throw new Error('--database-url phải có dạng postgres://người-dùng@máy:cổng/tên-cơ-sở-dữ-liệu');
  return o;
}

// ---------------------------------------------------------------------------------------------
// Random numbers: a seeded generator, so that one seed always gives the same data.

let state = 0;
function seedRandom(seed: number) {
  state = seed >>> 0 || 1;
}
/** mulberry32 */
function rand(): number {
  state = (state + 0x6d2b79f5) | 0;
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const pick = <T>(a: readonly T[]): T => a[Math.floor(rand() * a.length)]!;
const int = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
const chance = (p: number) => rand() < p;
/** Picks by weight: [[value, weight], …]. */
function weighted<T>(pairs: readonly (readonly [T, number])[]): () => T {
  const total = pairs.reduce((s, [, w]) => s + w, 0);
  return () => {
    let r = rand() * total;
    for (const [v, w] of pairs) if ((r -= w) < 0) return v;
    return pairs.at(-1)![0];
  };
}
/** A skewed pick: the first entries of the list come up far more often than the last ones. */
const pickSkewed = <T>(a: readonly T[]): T => a[Math.floor(rand() ** 2.2 * a.length)]!;

// ---------------------------------------------------------------------------------------------
// Words. All strings are NFC (normalised once below, whatever the editor saved).

/** "a | b | c" → ['a', 'b', 'c'], in NFC (whatever form the editor saved the file in). */
const list = (s: string): readonly string[] =>
  s
    .normalize('NFC')
    .split('|')
    .map((w) => w.trim())
    .filter(Boolean);

const SURNAMES = list(`
  Nguyễn | Trần | Lê | Phạm | Hoàng | Vũ | Đỗ | Ma | Nông | Hà | Chẩu | Quan | Lý | Triệu | Bàn |
  Giàng | Sùng | Vàng | Đặng | Bùi | Ngô | Dương | Đinh | Lương | Mai | Tạ
`);
const MIDDLE = list('Văn | Thị | Đức | Minh | Thanh | Quang | Hồng | Ngọc | Xuân | Thu | Mạnh | Hữu | Kim | Tiến');
const GIVEN = list(`
  Sơn | Hải | Hùng | Lan | Hương | Thắng | Tuấn | Dũng | Hà | Hiền | Thủy | Long | Phong | Bình | An |
  Nam | Trung | Khánh | Linh | Mai | Quyết | Chiến | Hạnh | Nga | Tâm | Thành | Việt | Cường | Huyền |
  Tùng
`);
const person = () => `${pick(SURNAMES)} ${pick(MIDDLE)} ${pick(GIVEN)}`;

const PROVINCE_ROLES = list(`
  Chủ tịch UBND tỉnh | Phó Chủ tịch UBND tỉnh | Phó Chủ tịch Thường trực UBND tỉnh | Bí thư Tỉnh ủy |
  Phó Bí thư Thường trực Tỉnh ủy | Chủ tịch HĐND tỉnh | Phó Chủ tịch HĐND tỉnh |
  Trưởng Ban Tuyên giáo và Dân vận Tỉnh ủy
`);
const UNIT_ROLES = list('Giám đốc | Phó Giám đốc | Chánh Văn phòng | Trưởng phòng | Trưởng ban | Phó Trưởng ban');
const LOCAL_ROLES = list(
  'Chủ tịch UBND | Phó Chủ tịch UBND | Bí thư Đảng ủy | Chủ tịch HĐND | Chủ tịch Ủy ban MTTQ Việt Nam',
);

// Topics run through titles, summaries and bodies; the first ones are the most frequent.
const TOPICS = list(`
  chuyển đổi số | cải cách hành chính | xây dựng nông thôn mới | giảm nghèo bền vững |
  phòng, chống thiên tai | dịch vụ công trực tuyến | giải ngân vốn đầu tư công | an toàn giao thông |
  phòng cháy, chữa cháy | bảo vệ môi trường | phát triển du lịch | thu hút đầu tư |
  phòng, chống tham nhũng | thực hành tiết kiệm, chống lãng phí | quản lý đất đai |
  phát triển kinh tế tập thể | xóa nhà tạm, nhà dột nát | bảo hiểm xã hội, bảo hiểm y tế |
  chăm sóc sức khỏe nhân dân | đổi mới giáo dục và đào tạo | phòng, chống dịch bệnh |
  trồng rừng và bảo vệ rừng | chương trình OCOP | phát triển sản phẩm nông nghiệp hàng hóa |
  bình đẳng giới | phòng, chống ma túy | bảo đảm an ninh, trật tự | tiếp công dân |
  giải quyết khiếu nại, tố cáo | xây dựng đời sống văn hóa cơ sở | khuyến học, khuyến tài |
  dân số và phát triển | an toàn thực phẩm | Đề án 06 | phổ biến, giáo dục pháp luật |
  phát triển hạ tầng giao thông | thu ngân sách nhà nước | sắp xếp đơn vị hành chính |
  chính quyền địa phương hai cấp | hỗ trợ doanh nghiệp nhỏ và vừa |
  đào tạo nghề cho lao động nông thôn | giải quyết việc làm | chính sách dân tộc |
  bảo tồn văn hóa các dân tộc | phát triển khoa học và công nghệ | quản lý tài nguyên nước |
  nước sạch nông thôn | vệ sinh môi trường | kinh tế số | thanh toán không dùng tiền mặt |
  công tác dân vận | quốc phòng địa phương | tuyển quân | phòng, chống buôn lậu và gian lận thương mại |
  kiểm soát thủ tục hành chính | quy hoạch sử dụng đất | phòng, chống bạo lực gia đình |
  chăm sóc người có công | trợ giúp pháp lý | xây dựng Đảng
`);
const PRODUCTS = list(`
  cam sành Hàm Yên | bưởi Xuân Vân | chè Shan tuyết | mật ong bạc hà | cá đặc sản sông Lô |
  rượu ngô Na Hang | thịt trâu gác bếp | miến dong | nấm hương | gà đồi | vịt bầu Minh Hương |
  lợn đen bản địa | quế | hồng không hạt | tam giác mạch | măng khô | dược liệu dưới tán rừng | nhãn |
  mía | keo lai | chè Tân Trào | bò vàng vùng cao | ớt | cà gai leo | cá tầm | lê Quản Bạ | thảo quả |
  hoa tam giác mạch
`);
const LANDMARKS = list(`
  Khu di tích quốc gia đặc biệt Tân Trào | Cây đa Tân Trào | Đình Hồng Thái |
  Khu du lịch suối khoáng Mỹ Lâm | hồ thủy điện Na Hang | Cao nguyên đá Đồng Văn | Cột cờ Lũng Cú |
  đèo Mã Pì Lèng | thác Bản Ba | Quảng trường Nguyễn Tất Thành | Khu công nghiệp Long Bình An |
  Nhà máy thủy điện Tuyên Quang | Khu du lịch Na Hang - Lâm Bình | Chợ phiên Đồng Văn |
  Dinh thự họ Vương | sông Lô | sông Gâm | sông Phó Đáy | Núi Dùm | Khuôn Lùng
`);
const FESTIVALS = list(`
  Thành Tuyên | Lồng tông | Nhảy lửa của người Pà Thẻn | Cấp sắc | Hoa tam giác mạch | Khèn Mông |
  Kéo chày | Chợ tình Khâu Vai | Đền Hà | Then Tày
`);
const EVENTS = list(`
  hội nghị | hội thảo | tọa đàm | lớp tập huấn | buổi làm việc | lễ phát động | lễ ký kết | cuộc họp |
  hội thi | diễn đàn | buổi đối thoại | chương trình giao lưu
`);
const PURPOSES = list('triển khai | sơ kết | tổng kết | đánh giá kết quả | quán triệt | bàn giải pháp đẩy mạnh');
const FIELDS = list(`
  Đất đai | Xây dựng | Tài chính | Giáo dục và đào tạo | Y tế | Nông nghiệp và môi trường |
  Giao thông vận tải | Tư pháp | Nội vụ | Văn hóa, thể thao và du lịch | Khoa học và công nghệ |
  Lao động, việc làm | Công thương | Đầu tư | Dân tộc và tôn giáo | Thuế | Hộ tịch | Chứng thực |
  Đăng ký kinh doanh | Thi đua, khen thưởng
`);
const VERBS = list(`
  đẩy mạnh | tăng cường | nâng cao hiệu quả | tập trung chỉ đạo | quan tâm | chủ động triển khai |
  làm tốt | tiếp tục thực hiện | rà soát, hoàn thiện | kiểm tra, đôn đốc
`);
const GOALS = list(`
  nâng cao chất lượng phục vụ người dân và doanh nghiệp | phát triển kinh tế - xã hội bền vững |
  bảo đảm quốc phòng, an ninh | cải thiện đời sống vật chất và tinh thần của nhân dân |
  hoàn thành các chỉ tiêu được giao | tạo sinh kế bền vững cho người dân | thu hút nguồn lực đầu tư |
  giữ gìn bản sắc văn hóa dân tộc | nâng cao chỉ số cải cách hành chính |
  tạo sự đồng thuận trong nhân dân | bảo đảm tiến độ, chất lượng công trình
`);
const PROBLEMS = list(`
  tiến độ giải ngân vốn đầu tư công còn chậm | công tác giải phóng mặt bằng gặp nhiều khó khăn |
  tỷ lệ hồ sơ trực tuyến toàn trình chưa cao | hạ tầng số ở vùng sâu, vùng xa còn hạn chế |
  nguồn nhân lực chất lượng cao còn thiếu | thời tiết diễn biến bất thường |
  giá vật liệu xây dựng tăng | một số chỉ tiêu đạt thấp so với kế hoạch |
  sự phối hợp giữa các cơ quan có lúc chưa chặt chẽ |
  ý thức chấp hành pháp luật của một bộ phận người dân chưa cao
`);
const BENEFICIARIES = list(`
  hộ nghèo | gia đình chính sách | học sinh có hoàn cảnh khó khăn | người cao tuổi | trẻ em mồ côi |
  hộ bị thiệt hại do mưa lũ | người có công với cách mạng | đồng bào dân tộc thiểu số
`);
const PROJECTS = list(`
  tuyến đường liên xã | cầu treo dân sinh | trường mầm non | trạm y tế | nhà văn hóa thôn |
  công trình thủy lợi | hệ thống cấp nước sinh hoạt tập trung | kè chống sạt lở bờ sông |
  đường giao thông nông thôn | chợ trung tâm | khu tái định cư | trụ sở làm việc | điểm trường |
  đường cao tốc Tuyên Quang - Hà Giang
`);
const PROCEDURES = list(`
  Đăng ký khai sinh | Đăng ký kết hôn | Đăng ký khai tử | Cấp bản sao trích lục hộ tịch |
  Chứng thực bản sao từ bản chính | Cấp giấy phép xây dựng nhà ở riêng lẻ |
  Đăng ký thành lập hộ kinh doanh | Cấp giấy chứng nhận quyền sử dụng đất lần đầu |
  Đăng ký biến động đất đai | Cấp giấy phép kinh doanh bán lẻ rượu | Công nhận hộ nghèo, hộ cận nghèo |
  Trợ cấp xã hội hằng tháng | Cấp giấy chứng nhận đủ điều kiện an toàn thực phẩm | Đăng ký thường trú |
  Cấp phiếu lý lịch tư pháp | Giải quyết chế độ trợ cấp một lần | Thẩm định hồ sơ đề nghị khen thưởng |
  Cấp giấy phép lái xe | Chuyển trường đối với học sinh trung học cơ sở |
  Cấp giấy phép hoạt động khám bệnh, chữa bệnh
`);
const POSITIONS = list(`
  giáo viên mầm non | giáo viên tiểu học | bác sĩ | điều dưỡng | kế toán |
  chuyên viên công nghệ thông tin | văn thư | kỹ sư xây dựng | cán bộ địa chính | chuyên viên pháp chế |
  viên chức thư viện
`);

/** Place names of the province, for communes, wards and text. */
const COMMUNES = list(`
  Thượng Lâm | Lâm Bình | Minh Quang | Bình An | Côn Lôn | Yên Hoa | Thượng Nông | Hồng Thái | Nà Hang |
  Thanh Tương | Sơn Dương | Tân Thanh | Bình Xa | Thái Sơn | Thái Hòa | Hùng Đức | Hàm Yên | Bạch Xa |
  Phù Lưu | Yên Phú | Chiêm Hóa | Kim Bình | Tân Mỹ | Hòa An | Trung Hà | Kiên Đài | Tri Phú | Yên Lập |
  Minh Thanh | Trung Sơn | Kháng Nhật | Đông Thọ | Sơn Thủy | Phú Lương | Trường Sinh | Hồng Sơn |
  Tân Long | Thái Bình | Nhữ Khê | Yên Sơn | Lực Hành | Kiến Thiết | Xuân Vân | Hùng Lợi | Trung Minh |
  Tân Trào | Lũng Cú | Đồng Văn | Sà Phìn | Phố Bảng | Lũng Phìn | Mèo Vạc | Sơn Vĩ | Sủng Máng |
  Khâu Vai | Tát Ngà | Niêm Sơn | Pà Vầy Sủ | Yên Minh | Mậu Duệ | Du Già | Đường Thượng | Ngọc Long |
  Bạch Đích | Quản Bạ | Cán Tỷ | Tùng Vài | Lùng Tám | Nghĩa Thuận | Vị Xuyên | Thanh Thủy | Minh Tân |
  Thuận Hòa | Tùng Bá | Linh Hồ | Bạch Ngọc | Việt Lâm | Cao Bồ | Thượng Sơn | Phú Linh | Ngọc Đường |
  Bắc Mê | Minh Ngọc | Giáp Trung | Yên Cường | Đường Hồng | Hoàng Su Phì | Thông Nguyên | Hồ Thầu |
  Nậm Dịch | Pờ Ly Ngài | Bản Máy | Tân Tiến | Xín Mần | Nấm Dẩn | Trung Thịnh | Khuôn Lùng | Nà Chì |
  Quảng Nguyên | Bắc Quang | Vĩnh Tuy | Đồng Yên | Hùng An | Đồng Tâm | Tân Quang | Liên Hiệp |
  Bằng Hành | Quang Bình | Tiên Yên | Xuân Giang | Bằng Lang | Yên Thành | Tiên Nguyên | Tân Trịnh |
  Minh Sơn | Lao Chải | Thắng Mố | Sơn Nam | Hợp Thành | Tân Châu | Phúc Sơn | Thượng Giáp | Ngọc Minh |
  Chiêm Hóa Đông | Bình Ca | Trung Thành | Kim Thạch | Phú Nhuận | Xuân Quang | Tân An | Hòa Phú |
  Nhân Lý | Kim Phú | Mỹ Bằng | Thái Long
`);
const WARDS = list('Minh Xuân | Nông Tiến | An Tường | Bình Thuận | Mỹ Lâm | Hà Giang 1 | Hà Giang 2 | Phan Thiết');

// A long tail: villages (thôn, bản) named from syllables of Tày, Nùng, Dao and Mông place names.
// A few are in many items, most in a handful, as named places are in real news; their
// syllables are the rare words of the corpus (searching one finds tens of items, not
// thousands, as the template words alone would).
const VILLAGE_SYLLABLES = list(`
  Khuổi | Phầy | Nặm | Đíp | Pắc | Bó | Nà | Coóc | Slam | Pác | Thẳm | Khau | Lạn | Phiêng | Luông | Tẩu |
  Chang | Cuổm | Kẹm | Phai | Muồng | Noong | Pù | Lìn | Xí | Mào | Ngòa | Slảo | Kéo | Pảo | Cáp | Hon | Mỏ |
  Pình | Khâm | Hốc | Dìn | Lủng | Sảng | Séo | Chải | Thầu | Phìn | Chư | Tà | Lùng | Sán | Dền | Sử | Cáo |
  Mé | Tủng | Quài | Ván | Phừ | Khó | Chớ | Pả | Sủa | Chừ | Vần | Chài | Hấu | Thèn | Pà | Mìn | Tắc | Ngàm |
  Bẩu | Húc | Khun | Ẻn | Tém | Khoang | Nậm | Ngần | Cốc | Lài | Phạ | Toòng | Khiềm | Thuồng | Bủng | Lầm |
  Kẻm | Chăng | Pét | Vài | Nưa | Phung | Pồng | Khéo | Mạ | Đồn | Chúa | Lũng | Khiêng | Cưởm | Tổng | Bản |
  Xá | Phjêng | Quân | Thác | Giàng | Mơ | Lao | Vả | Sáng | Chéo | Hẩu | Tráng | Mèo | Nhùng | Sình | Pí
`);
const VILLAGES: readonly string[] = (() => {
  const names = new Set<string>();
  while (names.size < 5000) names.add(`${pick(VILLAGE_SYLLABLES)} ${pick(VILLAGE_SYLLABLES)}`);
  return [...names];
})();
// Zipf-Mandelbrot over the villages (1 / (rank + 20)^1.1): the most named is in about one item
// in a hundred, the least in a few dozen of a million.
const VILLAGE_CDF: Float64Array = (() => {
  const cdf = new Float64Array(VILLAGES.length);
  let acc = 0;
  for (let r = 0; r < cdf.length; r++) cdf[r] = acc += 1 / (r + 21) ** 1.1;
  for (let r = 0; r < cdf.length; r++) cdf[r] = cdf[r]! / acc;
  return cdf;
})();
function village(): string {
  const u = rand();
  let lo = 0;
  let hi = VILLAGE_CDF.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (VILLAGE_CDF[mid]! < u) lo = mid + 1;
    else hi = mid;
  }
  return VILLAGES[lo]!;
}

const DEPARTMENTS: readonly (readonly [string, string])[] = [
  ['snv', 'Sở Nội vụ'],
  ['sxd', 'Sở Xây dựng'],
  ['syt', 'Sở Y tế'],
  ['sgddt', 'Sở Giáo dục và Đào tạo'],
  ['snnmt', 'Sở Nông nghiệp và Môi trường'],
  ['sct', 'Sở Công Thương'],
  ['stp', 'Sở Tư pháp'],
  ['sdttg', 'Sở Dân tộc và Tôn giáo'],
  ['sngv', 'Sở Ngoại vụ'],
  ['thanhtra', 'Thanh tra tỉnh'],
  ['vpubnd', 'Văn phòng UBND tỉnh'],
  ['vphdnd', 'Văn phòng Đoàn ĐBQH và HĐND tỉnh'],
].map(([s, n]) => [s!, n!.normalize('NFC')] as const);
const AGENCIES: readonly (readonly [string, string])[] = [
  ['bqlkcn', 'Ban Quản lý các khu công nghiệp tỉnh'],
  ['baotq', 'Báo và Phát thanh, Truyền hình Tuyên Quang'],
  ['hcc', 'Trung tâm Phục vụ hành chính công tỉnh'],
  ['bhxh', 'Bảo hiểm xã hội tỉnh'],
  ['congan', 'Công an tỉnh'],
  ['bchqs', 'Bộ Chỉ huy Quân sự tỉnh'],
  ['thue', 'Thuế tỉnh Tuyên Quang'],
  ['khobac', 'Kho bạc Nhà nước khu vực VIII'],
  ['dhtt', 'Trường Đại học Tân Trào'],
  ['bvdk', 'Bệnh viện Đa khoa tỉnh'],
  ['cdc', 'Trung tâm Kiểm soát bệnh tật tỉnh'],
  ['bqlda', 'Ban Quản lý dự án đầu tư xây dựng tỉnh'],
  ['lmhtx', 'Liên minh Hợp tác xã tỉnh'],
].map(([s, n]) => [s!, n!.normalize('NFC')] as const);

const COLOURS = [
  '#0b5d3b',
  '#1d4e89',
  '#7a1f5c',
  '#8b1a1a',
  '#2f5d1a',
  '#6b3a0b',
  '#0b4f6b',
  '#5b2a86',
  '#9a3412',
  '#155e75',
];

// ---------------------------------------------------------------------------------------------
// Sites

interface PlannedSite {
  input: SiteInput;
  /** The name used in text: "Sở Nội vụ", "xã Lũng Cú". */
  short: string;
  /** The place a local site is about, for its text. */
  place: string | null;
  weight: number;
}

function plannedSites(domain: string, count: number): PlannedSite[] {
  const demo = demoSites(domain);
  const short = (s: SiteInput) =>
    s.kind === 'province'
      ? 'UBND tỉnh Tuyên Quang'
      : s.kind === 'ward' || s.kind === 'commune'
        ? s.nameVi.replace(/^(Phường|Xã) /, (m) => m.toLowerCase())
        : s.nameVi.replace(/ tỉnh Tuyên Quang$/, '');
  const weightOf: Record<TenantKind, number> = {
    province: 40,
    department: 8,
    agency: 5,
    ward: 4,
    commune: 2.5,
    other: 2,
  };
  const plan: PlannedSite[] = demo.map((s) => ({
    input: s,
    short: short(s),
    place: s.kind === 'ward' || s.kind === 'commune' ? s.nameVi.replace(/^(Phường|Xã) /, '') : null,
    weight: weightOf[s.kind],
  }));
  const taken = new Set(plan.flatMap((p) => [p.input.slug, p.input.nameVi]));
  const contact = (agencyName: string, slug: string, address: string) => ({
    agencyName,
    address,
    phone: `0207 38${String(int(10000, 99999))}`,
    email: `${slug}@${domain}`,
    responsiblePerson: person(),
    licence: 'Dữ liệu sinh tự động để đo hiệu năng.',
  });
  const theme = () => ({ colorPrimary: pick(COLOURS), colorAccent: pick(COLOURS) });
  const add = (p: PlannedSite) => {
    // A demo site already holds that name (Phường Minh Xuân, Xã Tân Trào): one site per place.
    if (taken.has(p.input.slug) || taken.has(p.input.nameVi)) return;
    taken.add(p.input.slug).add(p.input.nameVi);
    plan.push(p);
  };
  for (const [slug, name] of DEPARTMENTS) {
    const nameVi = `${name}${name.includes('tỉnh') ? '' : ' tỉnh Tuyên Quang'}`;
    add({
      input: {
        slug,
        nameVi,
        kind: 'department',
        theme: 'coso',
        themeSettings: theme(),
        primaryHost: `${slug}.${domain}`,
        contact: contact(nameVi, slug, 'Phường Minh Xuân, tỉnh Tuyên Quang'),
      },
      short: name,
      place: null,
      weight: weightOf.department,
    });
  }
  for (const [slug, name] of AGENCIES) {
    add({
      input: {
        slug,
        nameVi: name,
        kind: 'agency',
        theme: 'coso',
        themeSettings: theme(),
        primaryHost: `${slug}.${domain}`,
        contact: contact(name, slug, 'Phường Minh Xuân, tỉnh Tuyên Quang'),
      },
      short: name,
      place: null,
      weight: weightOf.agency,
    });
  }
  const local = (kind: 'ward' | 'commune', place: string, i: number) => {
    const title = kind === 'ward' ? 'Phường' : 'Xã';
    const slug = slugify(place, 40);
    const prefix = `/${slugify(`${title} ${place}`, 60)}`;
    const nameVi = `${title} ${place}`;
    add({
      input: {
        slug,
        nameVi,
        kind,
        theme: 'coso',
        themeSettings: theme(),
        // Most local sites live under the portal's host; every fifth has its own sub-domain.
        ...(i % 5 === 4 ? { primaryHost: `${slug}.${domain}` } : { pathPrefix: prefix }),
        contact: contact(`Ủy ban nhân dân ${title.toLowerCase()} ${place}`, slug, `${nameVi}, tỉnh Tuyên Quang`),
      },
      short: `${title.toLowerCase()} ${place}`,
      place,
      weight: weightOf[kind],
    });
  };
  WARDS.forEach((w, i) => local('ward', w, i));
  COMMUNES.forEach((c, i) => local('commune', c, i));
  const sub = plan.length - 1; // the portal is not counted in --sites
  if (count > sub) throw new Error(`Chỉ có sẵn tên cho ${sub} trang con; --sites tối đa là ${sub}`);
  // The portal, the demo sites, then departments, agencies, wards and communes in that order.
  return plan.slice(0, count + 1).map((p) => ({ ...p, weight: p.weight * (0.6 + rand() * 0.8) }));
}

// ---------------------------------------------------------------------------------------------
// Text

interface Ctx {
  site: PlannedSite;
  org: string; // "Sở Nội vụ", "UBND xã Lũng Cú"
  placeFull: string; // "xã Lũng Cú", "tỉnh Tuyên Quang"
  topic: string;
  year: number;
  day: Date;
}

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const viDate = (d: Date) => {
  const v = new Date(d.getTime() + 7 * 3600_000);
  return `${v.getUTCDate()}/${v.getUTCMonth() + 1}/${v.getUTCFullYear()}`;
};
const VI_NUMBER = new Intl.NumberFormat('vi-VN'); // one formatter: toLocaleString builds one per call
const number = () => VI_NUMBER.format(pick([int(2, 99), int(100, 999), int(1000, 9999), int(10, 500)]));
const pct = () => `${int(60, 125)}${chance(0.5) ? `,${int(1, 9)}` : ''}`;
const money = () =>
  pick(['500.000 đồng', '1 triệu đồng', '2 triệu đồng', `${int(2, 950)} triệu đồng`, `${int(1, 480)} tỷ đồng`]);
const someoneWithRole = (c: Ctx) =>
  c.site.input.kind === 'province'
    ? `đồng chí ${person()}, ${pick(PROVINCE_ROLES)}`
    : c.site.place
      ? `đồng chí ${person()}, ${pick(LOCAL_ROLES)} ${c.placeFull}`
      : `đồng chí ${person()}, ${pick(UNIT_ROLES)} ${c.org}`;

/** Fills {slot}s: the item's own context first, then a fresh random value for each use. */
function fill(template: string, c: Ctx): string {
  return template.replace(/\{(\w+)\}/g, (_m, key: string) => {
    switch (key) {
      case 'org':
        return c.org;
      case 'Org':
        return capital(c.org);
      case 'place':
        return c.placeFull;
      case 'Place':
        return capital(c.placeFull);
      case 'topic':
        return c.topic;
      case 'year':
        return String(c.year);
      case 'year1':
        return String(c.year + 1);
      case 'year5':
        return String(c.year + 5);
      case 'date':
        return viDate(new Date(c.day.getTime() - int(0, 6) * 86_400_000));
      case 'later':
        return viDate(new Date(c.day.getTime() + int(5, 60) * 86_400_000));
      case 'topic2':
        return pickSkewed(TOPICS);
      case 'who':
        return someoneWithRole(c);
      case 'person':
        return person();
      case 'event':
        return pick(EVENTS);
      case 'purpose':
        return pick(PURPOSES);
      case 'verb':
        return pick(VERBS);
      case 'goal':
        return pick(GOALS);
      case 'problem':
        return pick(PROBLEMS);
      case 'beneficiary':
        return pick(BENEFICIARIES);
      case 'product':
        return pickSkewed(PRODUCTS);
      case 'landmark':
        return pick(LANDMARKS);
      case 'project':
        return pick(PROJECTS);
      case 'festival':
        return pick(FESTIVALS);
      case 'field':
        return pick(FIELDS).toLowerCase();
      case 'commune':
        return pick(COMMUNES);
      case 'village':
        return village();
      case 'number':
        return number();
      case 'pct':
        return pct();
      case 'money':
        return money();
      case 'n':
        return String(int(2, 40));
      default:
        throw new Error(`unknown slot {${key}}`);
    }
  });
}

const NEWS_TITLES = list(`
  {Org} triển khai nhiệm vụ {topic} năm {year} | Hội nghị {purpose} công tác {topic} năm {year} |
  {Place} đẩy mạnh {topic} | Tập huấn {topic} cho cán bộ, công chức {place} |
  {Org} tổ chức {event} về {topic} | Nâng cao hiệu quả {topic} trên địa bàn {place} |
  {Place}: hiệu quả từ mô hình trồng {product} | Phát triển {product} gắn với {topic} |
  Lãnh đạo {org} kiểm tra tiến độ {project} tại xã {commune} | Khởi công {project} xã {commune} |
  Khánh thành {project} tại {place} | Trao {number} suất quà cho {beneficiary} {place} |
  Tuyên truyền {topic} đến đồng bào dân tộc thiểu số {place} |
  Lễ hội {festival} năm {year} thu hút đông đảo du khách | Quảng bá du lịch {landmark} gắn với {topic} |
  {Org} sơ kết 6 tháng đầu năm {year} |
  {Org} tổng kết công tác năm {year}, triển khai nhiệm vụ năm {year1} |
  Đối thoại với người dân về {topic} | Chủ động ứng phó mưa lũ, bảo đảm an toàn cho người dân {place} |
  Kết quả thực hiện {topic} {place} 9 tháng năm {year} | {Org} phát động phong trào thi đua {topic} |
  Giải ngân vốn hỗ trợ {product} cho {beneficiary} |
  Hội nghị đối thoại giữa người đứng đầu cấp ủy, chính quyền với nhân dân {place} |
  Tỉnh Tuyên Quang: {topic} đạt nhiều kết quả tích cực
`);
const NEWS_LEADS = list(`
  {Org} vừa tổ chức {event} {purpose} công tác {topic} năm {year}, với sự tham dự của đại diện các cơ quan, đơn vị liên quan. |
  Thời gian qua, {place} đã tập trung {verb} {topic}, góp phần {goal}. |
  Sáng {date}, {org} tổ chức {event} về {topic}, dưới sự chủ trì của {who}. |
  Thực hiện chỉ đạo của UBND tỉnh Tuyên Quang, {org} đã ban hành kế hoạch {verb} {topic} trên địa bàn. |
  Năm {year}, {place} phấn đấu hoàn thành các chỉ tiêu về {topic}, {goal}.
`);
const NEWS_SENTENCES = list(`
  Tại thôn {village}, xã {commune}, bà con đã hiến {number} m² đất để mở rộng đường giao thông. |
  Mô hình trồng {product} ở thôn {village} cho thu nhập khoảng {money} mỗi năm. |
  Ngày {date}, {org} tổ chức {event} {purpose} công tác {topic}. |
  Tham dự có {who}; đại diện lãnh đạo các sở, ban, ngành và các xã, phường trên địa bàn tỉnh Tuyên Quang. |
  Theo báo cáo, từ đầu năm {year} đến nay, {org} đã {verb} {topic}, đạt {pct}% kế hoạch năm. |
  Công tác {topic} được triển khai đồng bộ, bám sát chỉ đạo của Tỉnh ủy, HĐND và UBND tỉnh Tuyên Quang. |
  Bên cạnh những kết quả đạt được, vẫn còn một số tồn tại, hạn chế như: {problem}; {problem}. |
  Phát biểu chỉ đạo, {who} đề nghị các cơ quan, đơn vị tiếp tục {verb} {topic}, đồng thời {verb} {topic2}. |
  Các đơn vị cần quan tâm {verb} {topic2}, bảo đảm {goal}. |
  Trên địa bàn {place} hiện có {number} hộ trồng {product} với tổng diện tích {number} ha, sản lượng ước đạt {number} tấn. |
  Người dân có thể tra cứu thông tin chi tiết trên Cổng Dịch vụ công quốc gia hoặc liên hệ bộ phận một cửa của {org}. |
  {Org} yêu cầu các cơ quan, đơn vị liên quan nghiêm túc triển khai, báo cáo kết quả trước ngày {later}. |
  Kế hoạch được ban hành nhằm {goal}, góp phần {goal}. |
  Dịp này, {org} đã trao {number} suất quà cho {beneficiary}, mỗi suất trị giá {money}. |
  Năm {year}, tổng vốn đầu tư cho {project} là {money}, từ nguồn ngân sách tỉnh và vốn lồng ghép các chương trình mục tiêu quốc gia. |
  Tại {event}, các đại biểu đã thảo luận, làm rõ những khó khăn, vướng mắc và đề xuất giải pháp trong thời gian tới. |
  Đến nay, toàn tỉnh Tuyên Quang có {number} sản phẩm OCOP đạt từ 3 sao trở lên, trong đó có {product}. |
  Du khách đến {landmark} tăng mạnh, doanh thu từ du lịch ước đạt {money}. |
  Lễ hội {festival} là dịp để quảng bá hình ảnh quê hương, con người Tuyên Quang đến với du khách trong và ngoài nước. |
  Tỷ lệ hồ sơ giải quyết đúng và trước hạn đạt {pct}%, tỷ lệ hồ sơ trực tuyến toàn trình đạt {pct}%. |
  Lực lượng chức năng đã kiểm tra {number} cơ sở, phát hiện và xử lý {n} trường hợp vi phạm, phạt tiền {money}. |
  Dự kiến công trình {project} hoàn thành trong quý {n} năm {year1}, phục vụ nhu cầu đi lại và sản xuất của người dân xã {commune}. |
  Mưa lớn kéo dài làm sạt lở {number} m³ đất đá, {n} hộ dân phải di dời khẩn cấp đến nơi an toàn. |
  Ban Chỉ đạo {topic} của {place} đã kịp thời kiện toàn, phân công nhiệm vụ cụ thể cho từng thành viên. |
  Ông {person} cho biết, nhờ được hỗ trợ vốn và kỹ thuật, thu nhập của gia đình tăng lên khoảng {money} mỗi năm. |
  Các tuyến đường được bê tông hóa, nhà văn hóa thôn được xây mới, bộ mặt nông thôn {place} ngày càng khởi sắc. |
  Thời gian tới, {org} tiếp tục {verb} {topic}, phấn đấu {goal}. |
  Chương trình nhận được sự hưởng ứng tích cực của đông đảo cán bộ, đảng viên và nhân dân các dân tộc {place}. |
  Đoàn công tác đã kiểm tra thực tế tại {project} xã {commune} và ghi nhận những cố gắng của chủ đầu tư, đơn vị thi công. |
  Số thu ngân sách nhà nước trên địa bàn ước đạt {money}, bằng {pct}% dự toán giao.
`);
const LEGAL_BASES = list(`
  Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025; |
  Căn cứ Luật Ban hành văn bản quy phạm pháp luật ngày 19 tháng 02 năm 2025; |
  Căn cứ Luật Ngân sách nhà nước ngày 25 tháng 6 năm 2015; |
  Căn cứ Luật Đầu tư công ngày 29 tháng 11 năm 2024; | Căn cứ Luật Đất đai ngày 18 tháng 01 năm 2024; |
  Căn cứ Nghị định số {n}/{year}/NĐ-CP của Chính phủ quy định chi tiết một số điều của Luật; |
  Căn cứ Nghị quyết số {n}/{year}/NQ-HĐND của Hội đồng nhân dân tỉnh Tuyên Quang;
`);
const LEGAL_ARTICLES = list(`
  Điều {n}. Giao {org} chủ trì, phối hợp với các cơ quan, đơn vị liên quan tổ chức triển khai thực hiện; định kỳ báo cáo kết quả về UBND tỉnh. |
  Điều {n}. Phê duyệt kế hoạch {topic} năm {year} với tổng kinh phí {money}, từ nguồn ngân sách nhà nước và các nguồn hợp pháp khác. |
  Điều {n}. Quyết định này có hiệu lực kể từ ngày ký. Các quy định trước đây trái với Quyết định này đều bãi bỏ. |
  Điều {n}. Chánh Văn phòng UBND tỉnh, Giám đốc các sở, Thủ trưởng các ban, ngành, Chủ tịch UBND các xã, phường và các tổ chức, cá nhân có liên quan chịu trách nhiệm thi hành Quyết định này. |
  Điều {n}. Mục tiêu: {verb} {topic}, phấn đấu đến năm {year1} {goal}. |
  Điều {n}. Nhiệm vụ và giải pháp: {verb} {topic2}; {verb} {topic}; bố trí đủ nguồn lực để {goal}. |
  Điều {n}. Kinh phí thực hiện được bố trí trong dự toán ngân sách hằng năm của các cơ quan, đơn vị theo phân cấp hiện hành.
`);

interface Made {
  title: string;
  summary: string;
  body: string;
  data: Record<string, string>;
  categories: string[];
  author: string;
  source: string;
}

const para = (sentences: string[]) => `<p>${sentences.join(' ')}</p>`;

function newsBody(c: Ctx): string {
  const paragraphs: string[] = [];
  const n = int(3, 8);
  for (let i = 0; i < n; i++) {
    const s: string[] = [];
    const m = int(2, 5);
    for (let j = 0; j < m; j++) s.push(fill(pick(NEWS_SENTENCES), c));
    paragraphs.push(para(s));
  }
  return paragraphs.join('\n');
}

const LEGAL_FORMS = weighted<[string, string, string]>([
  [['quyet-dinh', 'Quyết định', 'QĐ'], 40],
  [['ke-hoach', 'Kế hoạch', 'KH'], 15],
  [['cong-van', 'Công văn', ''], 15],
  [['thong-bao', 'Thông báo', 'TB'], 10],
  [['nghi-quyet', 'Nghị quyết', 'NQ'], 6],
  [['chi-thi', 'Chỉ thị', 'CT'], 4],
  [['bao-cao', 'Báo cáo', 'BC'], 7],
  [['khac', 'Hướng dẫn', 'HD'], 3],
]);
const LEGAL_ACTIONS = list(`
  phê duyệt | ban hành | kiện toàn | điều chỉnh | giao chỉ tiêu | thành lập | công bố |
  sửa đổi, bổ sung | bãi bỏ
`);
const LEGAL_OBJECTS = list(`
  kế hoạch {topic} năm {year} | đề án {topic} giai đoạn {year}-{year5} | Ban Chỉ đạo {topic} |
  danh mục thủ tục hành chính lĩnh vực {field} | quy chế phối hợp về {topic} |
  dự toán ngân sách nhà nước năm {year} | bảng giá đất | hệ số điều chỉnh giá đất năm {year} |
  danh sách hộ nghèo, hộ cận nghèo năm {year} | chủ trương đầu tư {project} xã {commune} |
  kết quả lựa chọn nhà thầu {project} | quy hoạch chi tiết {landmark} |
  chương trình {topic} đến năm 2030
`);
const LEGAL_STATUS = weighted<string>([
  ['in_force', 80],
  ['expired', 12],
  ['replaced', 8],
]);

function legalDocument(c: Ctx, issuedOn: string): Made {
  const [form, formLabel, code] = LEGAL_FORMS();
  const provincial = c.site.input.kind === 'province' || chance(0.25);
  const council = form === 'nghi-quyet';
  const issuer = council
    ? c.site.place
      ? `Hội đồng nhân dân ${c.placeFull}`
      : 'Hội đồng nhân dân tỉnh Tuyên Quang'
    : provincial
      ? 'Ủy ban nhân dân tỉnh Tuyên Quang'
      : c.site.place
        ? `Ủy ban nhân dân ${c.placeFull}`
        : c.site.input.nameVi;
  const abbr = council ? 'HĐND' : provincial || c.site.place ? 'UBND' : c.site.input.slug.toUpperCase();
  const year = Number(issuedOn.slice(0, 4));
  const normative = (form === 'quyet-dinh' || form === 'nghi-quyet') && chance(0.15);
  const num = `${int(1, normative ? 80 : 3500)}${normative ? `/${year}` : ''}/${code ? `${code}-${abbr}` : `${abbr}-${pick(['VX', 'KT', 'NC', 'TH', 'KGVX'])}`}`;
  const object = fill(pick(LEGAL_OBJECTS), c);
  const action = pick(LEGAL_ACTIONS);
  const title =
    form === 'quyet-dinh'
      ? `Quyết định về việc ${action} ${object}`
      : form === 'nghi-quyet'
        ? `Nghị quyết ${pick(['quy định', 'về việc thông qua', 'về'])} ${object}`
        : form === 'ke-hoach'
          ? `Kế hoạch thực hiện ${c.topic} năm ${c.year}`
          : form === 'chi-thi'
            ? `Chỉ thị về việc tăng cường ${c.topic}`
            : form === 'cong-van'
              ? `Về việc ${pick(VERBS)} ${c.topic}`
              : form === 'thong-bao'
                ? `Thông báo kết luận của ${pick(PROVINCE_ROLES)} tại buổi làm việc về ${c.topic}`
                : form === 'bao-cao'
                  ? `Báo cáo kết quả thực hiện ${c.topic} năm ${c.year}`
                  : `Hướng dẫn thực hiện ${c.topic}`;
  const status = LEGAL_STATUS();
  const effectiveOn = addDays(issuedOn, pick([0, 0, 0, 10, 15]));
  const data: Record<string, string> = {
    number: num,
    form,
    issuingBody: issuer,
    signer: person(),
    field: pick(FIELDS),
    issuedOn,
    effectiveOn,
    status,
  };
  if (status !== 'in_force') data.expiresOn = addDays(effectiveOn, int(90, 700));
  if (status === 'replaced') data.replacedBy = `${int(1, 3500)}/${code || 'QĐ'}-${abbr}`;
  const bases = [pick(LEGAL_BASES), pick(LEGAL_BASES)].map((t) => fill(t, c));
  const articles: string[] = [];
  const nArticles = int(3, 6);
  for (let i = 1; i <= nArticles; i++)
    articles.push(fill(pick(LEGAL_ARTICLES), c).replace(/^Điều \d+\./, `Điều ${i}.`));
  const body = [
    para([`${formLabel.toUpperCase()} số ${num} ngày ${viDate(new Date(`${issuedOn}T03:00:00Z`))} của ${issuer}.`]),
    para(bases),
    para([`Theo đề nghị của ${pick(UNIT_ROLES)} ${c.site.place ? 'Văn phòng HĐND và UBND' : c.org}.`]),
    ...articles.map((a) => para([a])),
    para([`Nơi nhận: như Điều ${nArticles}; lưu: VT. Người ký: ${data.signer}.`]),
  ].join('\n');
  return {
    title,
    summary: `${formLabel} số ${num} của ${issuer} ${title.replace(/^(Quyết định|Nghị quyết|Kế hoạch|Chỉ thị|Thông báo|Báo cáo|Hướng dẫn) /, '').replace(/^V/, 'v')}.`,
    body,
    data,
    categories: ['van-ban'],
    author: 'Văn thư',
    source: issuer,
  };
}

const addDays = (day: string, n: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
const vnWallClock = (t: Date) => `${new Date(t.getTime() + 7 * 3600_000).toISOString().slice(0, 16)}:00+07:00`;

function makeItem(kind: string, c: Ctx, receivedAt: Date): Made {
  const day = vnDay(c.day);
  const newsAuthor = () =>
    pick([`${person()}`, 'Ban Biên tập', `${person()} (${pick(['CTV', 'Báo Tuyên Quang', c.org])})`]);
  switch (kind) {
    case 'legal_document':
      return legalDocument(c, addDays(day, -int(0, 5)));
    case 'procedure': {
      const name = pick(PROCEDURES);
      return {
        title: `Thủ tục ${name.charAt(0).toLowerCase()}${name.slice(1)}`,
        summary: `Trình tự, cách thức thực hiện, thành phần hồ sơ và thời hạn giải quyết thủ tục ${name.toLowerCase()} tại ${c.org}.`,
        body: [
          para([
            `Trình tự thực hiện: tổ chức, cá nhân nộp hồ sơ tại Bộ phận một cửa ${c.org} hoặc trên Cổng Dịch vụ công quốc gia.`,
          ]),
          para([
            `Cán bộ tiếp nhận kiểm tra tính đầy đủ, hợp lệ của hồ sơ; trường hợp hồ sơ chưa đầy đủ thì hướng dẫn bổ sung một lần.`,
          ]),
          para([`Cách thức thực hiện: trực tiếp, qua dịch vụ bưu chính công ích hoặc trực tuyến.`]),
          para([`Căn cứ pháp lý: ${fill(pick(LEGAL_BASES), c)}`]),
        ].join('\n'),
        data: {
          code: `${int(1, 2)}.${String(int(0, 14999)).padStart(6, '0')}`,
          field: pick(FIELDS),
          level: pick(['full', 'full', 'partial', 'none']),
          processingTime: pick([
            'Trong ngày làm việc',
            '03 ngày làm việc',
            '05 ngày làm việc',
            '10 ngày làm việc',
            '15 ngày',
          ]),
          fees: pick(['Không', '8.000 đồng/bản', '50.000 đồng', 'Theo quy định của HĐND tỉnh']),
          requiredDocuments: 'Tờ khai theo mẫu; bản sao giấy tờ tùy thân; các giấy tờ liên quan khác (nếu có).',
          onlineUrl: 'https://dichvucong.gov.vn/',
        },
        categories: ['thu-tuc-hanh-chinh'],
        author: 'Bộ phận một cửa',
        source: c.site.input.nameVi,
      };
    }
    case 'investment_project': {
      const project = pick(PROJECTS);
      const commune = pick(COMMUNES);
      return {
        title: `Dự án đầu tư xây dựng ${project} xã ${commune}`,
        summary: `Thông tin dự án đầu tư xây dựng ${project} tại xã ${commune}, tỉnh Tuyên Quang.`,
        body: [
          fill(pick(NEWS_SENTENCES), c),
          fill(pick(NEWS_SENTENCES), c),
          `Địa điểm: xã ${commune}, tỉnh Tuyên Quang.`,
        ]
          .map((s) => para([s]))
          .join('\n'),
        data: {
          mainObjective: `Đầu tư xây dựng ${project} nhằm ${pick(GOALS)}.`,
          field: pick(['Giao thông', 'Thủy lợi', 'Giáo dục', 'Y tế', 'Văn hóa', 'Hạ tầng kỹ thuật']),
          projectType: pick(['Nhóm B', 'Nhóm C', 'Nhóm A']),
          duration: `${c.year}-${c.year + int(1, 3)}`,
          budget: String(int(2, 900) * 1_000_000_000),
          fundingType: pick(['Ngân sách tỉnh', 'Vốn đầu tư công', 'Vốn ODA', 'Vốn chương trình mục tiêu quốc gia']),
          donor: pick(['Không', 'Ngân hàng Thế giới', 'JICA', 'Ngân hàng Phát triển châu Á']),
          status: pick(['preparing', 'in_progress', 'in_progress', 'completed']),
        },
        categories: ['du-an-dau-tu'],
        author: 'Ban Biên tập',
        source: c.site.input.nameVi,
      };
    }
    case 'consultation': {
      const closes = addDays(day, int(15, 60));
      return {
        title: `Dự thảo Nghị quyết quy định về ${c.topic} trên địa bàn tỉnh Tuyên Quang`,
        summary: `${capital(c.org)} lấy ý kiến góp ý của tổ chức, cá nhân đối với dự thảo quy định về ${c.topic}, hạn góp ý đến ngày ${viDate(new Date(`${closes}T03:00:00Z`))}.`,
        body: para([fill(pick(NEWS_SENTENCES), c), fill(pick(NEWS_SENTENCES), c)]),
        data: {
          opensOn: day,
          closesOn: closes,
          receivingAddress: `${c.site.input.contact?.address ?? 'Phường Minh Xuân, tỉnh Tuyên Quang'}`,
          receivingEmail: `gopy@${c.site.input.slug}.tuyenquang.gov.vn`,
        },
        categories: ['lay-y-kien'],
        author: 'Ban Biên tập',
        source: c.site.input.nameVi,
      };
    }
    case 'schedule': {
      const monday = addDays(day, -((new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7) + 7);
      const week =
        Math.ceil((Date.parse(`${monday}T00:00:00Z`) - Date.UTC(Number(monday.slice(0, 4)), 0, 1)) / 604_800_000) + 1;
      const entries: string[] = [];
      for (let d = 0; d < 5; d++) {
        for (let k = 0; k < int(1, 2); k++) {
          entries.push(
            `${addDays(monday, d)} | ${pick(['07:30', '08:00', '14:00', '14:30'])} | ${person()} | ${fill(`Dự {event} về {topic2}`, c)} | ${pick(['Hội trường tầng 3', 'Phòng họp số 1', 'Trực tuyến', `Xã ${pick(COMMUNES)}`])}`,
          );
        }
      }
      return {
        title: `Lịch công tác tuần ${week} năm ${monday.slice(0, 4)} của lãnh đạo ${c.org}`,
        summary: `Lịch công tác tuần ${week} (từ ngày ${viDate(new Date(`${monday}T03:00:00Z`))}) của lãnh đạo ${c.org}.`,
        body: '',
        data: { weekStart: monday, entries: entries.join('\n') },
        categories: ['lich-cong-tac'],
        author: 'Văn phòng',
        source: c.site.input.nameVi,
      };
    }
    case 'recruitment': {
      const position = pick(POSITIONS);
      return {
        title: `Thông báo tuyển dụng ${position} năm ${c.year}`,
        summary: `${capital(c.org)} thông báo tuyển dụng ${position} năm ${c.year}; hạn nộp hồ sơ 30 ngày kể từ ngày thông báo.`,
        body: para([
          `Điều kiện đăng ký dự tuyển: có quốc tịch Việt Nam, đủ 18 tuổi trở lên, có văn bằng phù hợp với vị trí việc làm.`,
          `Hồ sơ nộp trực tiếp tại ${c.org} hoặc qua đường bưu điện.`,
        ]),
        data: { position, quantity: String(int(1, 25)), applyBy: addDays(day, 30) },
        categories: ['tuyen-dung'],
        author: 'Phòng Tổ chức',
        source: c.site.input.nameVi,
      };
    }
    case 'document_release': {
      const type = pick(['financial_report', 'statistics', 'plan', 'master_plan'] as const);
      const label = {
        financial_report: `Công khai dự toán ngân sách năm ${c.year}`,
        statistics: `Số liệu thống kê kinh tế - xã hội quý ${int(1, 4)} năm ${c.year}`,
        plan: `Công khai kế hoạch ${c.topic} năm ${c.year}`,
        master_plan: `Công khai quy hoạch sử dụng đất ${c.placeFull}`,
      }[type];
      return {
        title: `${label} của ${c.org}`,
        summary: `${label} của ${c.org} theo quy định.`,
        body: para([fill(pick(NEWS_SENTENCES), c)]),
        data: { releaseType: type, period: `Năm ${c.year}` },
        categories: [type === 'statistics' ? 'thong-ke' : 'ngan-sach'],
        author: 'Bộ phận tài chính',
        source: c.site.input.nameVi,
      };
    }
    case 'dataset': {
      const what = pick([
        'cơ sở lưu trú du lịch',
        'trường học',
        'cơ sở khám bệnh, chữa bệnh',
        'hợp tác xã',
        'sản phẩm OCOP',
        'điểm phục vụ bưu chính',
        'chợ',
        'doanh nghiệp',
        'di tích lịch sử - văn hóa',
      ]);
      return {
        title: `Danh sách ${what} trên địa bàn ${c.placeFull} năm ${c.year}`,
        summary: `Dữ liệu mở về ${what} trên địa bàn ${c.placeFull}, cập nhật năm ${c.year}.`,
        body: para([`Bộ dữ liệu gồm tên, địa chỉ và thông tin liên hệ của các ${what}.`]),
        data: {
          format: pick(['csv', 'json']),
          licence: 'Giấy phép dữ liệu mở Việt Nam',
          updateFrequency: pick(['Hằng năm', 'Hằng quý']),
        },
        categories: ['du-lieu-mo'],
        author: 'Ban Biên tập',
        source: c.site.input.nameVi,
      };
    }
    case 'announcement': {
      const title = fill(
        pick([
          'Thông báo lịch tiếp công dân định kỳ tháng {n} năm {year} của {org}',
          'Thông báo về việc tạm dừng cung cấp điện để bảo dưỡng lưới điện {place}',
          'Thông báo kết quả lựa chọn nhà thầu {project} xã {commune}',
          'Thông báo về việc nghỉ lễ và bố trí trực cơ quan',
          'Thông báo mời tham dự {event} về {topic}',
          'Thông báo công khai danh sách {beneficiary} được hỗ trợ năm {year}',
          'Thông báo phân luồng giao thông phục vụ thi công {project}',
        ]),
        c,
      );
      return {
        title,
        summary: `${title}.`,
        body: para([fill(pick(NEWS_SENTENCES), c), fill(pick(NEWS_SENTENCES), c)]),
        data: chance(0.5) ? { validUntil: addDays(day, int(7, 90)) } : {},
        categories: ['thong-bao'],
        author: 'Văn phòng',
        source: c.site.input.nameVi,
      };
    }
    default: {
      // article
      const title = fill(pick(NEWS_TITLES), c);
      const data: Record<string, string> = {};
      if (chance(0.4)) data.eventEndAt = vnWallClock(new Date(receivedAt.getTime() - int(10, 360) * 60_000));
      if (chance(0.3)) data.coverCaption = fill(`Quang cảnh {event} tại {place}.`, c);
      return {
        title,
        summary: fill(pick(NEWS_LEADS), c),
        body: newsBody(c),
        data,
        categories: chance(0.85) ? ['tin-tuc-su-kien'] : ['chuyen-nganh', 'tin-tuc-su-kien'],
        author: newsAuthor(),
        source: chance(0.7) ? c.site.input.nameVi : pick(['Báo Tuyên Quang', 'Cổng TTĐT tỉnh', c.site.input.nameVi]),
      };
    }
  }
}

const PAGES: readonly (readonly [string, string])[] = [
  ['introduction', 'Giới thiệu chung'],
  ['organisation', 'Chức năng, nhiệm vụ và cơ cấu tổ chức'],
  ['leaders', 'Lãnh đạo đơn vị'],
  ['contact', 'Thông tin liên hệ'],
  ['access', 'Tiếp cận thông tin'],
].map(([section, title]) => [section!, title!.normalize('NFC')] as const);

const KIND_MIX = weighted<string>([
  ['article', 720],
  ['legal_document', 130],
  ['announcement', 50],
  ['schedule', 25],
  ['procedure', 20],
  ['document_release', 20],
  ['recruitment', 10],
  ['consultation', 10],
  ['investment_project', 10],
  ['dataset', 5],
]);

// ---------------------------------------------------------------------------------------------
// Workflow times

interface DeadlineRule {
  unit: DeadlineUnit;
  amount: number;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** An instant in office hours (Vietnam) on a day near `t`, mostly a working day. */
function officeTime(t: number, cal: WorkingCalendar): number {
  let day = vnDay(new Date(t));
  if (!cal.isWorkingDay(day) && chance(0.8)) {
    for (let i = 0; i < 4 && !cal.isWorkingDay(day); i++) day = addDays(day, -1);
  }
  const hour = chance(0.9) ? 7 + rand() * 10.5 : rand() * 24;
  return Date.parse(`${day}T00:00:00+07:00`) + hour * HOUR;
}

interface Times {
  receivedAt: Date;
  submittedAt: Date;
  createdAt: Date;
  updatedAt: Date;
  dueAt: Date | null;
  late: boolean | null;
}

/**
 * Received, written, submitted, due and published, in that order, from the publication time.
 * The delay before publication is drawn so that about one item in ten misses its deadline;
 * due and late are computed as the application computes them (calendar, deadline class).
 */
function workflowTimes(published: Date, rule: DeadlineRule, cal: WorkingCalendar, now: number): Times {
  const p = published.getTime();
  let receivedAt: Date;
  let dueAt: Date | null = null;
  if (rule.unit === 'none') {
    receivedAt = new Date(p - (0.5 + -Math.log(1 - rand()) * 10) * HOUR); // news: hours after the event
  } else {
    // About one in ten late: decide first, then find a reception time that gives it (weekends
    // and holidays make the span vary, so adjust the delay a few times).
    const span = Math.max(2 * HOUR, (cal.dueAt(published, rule.unit, rule.amount)?.getTime() ?? p + DAY) - p);
    const wantLate = chance(0.1);
    let f = wantLate ? 1 + rand() * 1.5 : 0.05 + rand() * 0.9;
    receivedAt = new Date(p - span * f);
    for (let tries = 0; tries < 6; tries++) {
      receivedAt = new Date(p - span * f);
      dueAt = cal.dueAt(receivedAt, rule.unit, rule.amount);
      if (!dueAt || p > dueAt.getTime() === wantLate) break;
      f = wantLate ? f * 1.5 : f * 0.6;
    }
  }
  const submittedAt = new Date(receivedAt.getTime() + (p - receivedAt.getTime()) * (0.4 + rand() * 0.55));
  const createdAt = new Date(receivedAt.getTime() + (submittedAt.getTime() - receivedAt.getTime()) * rand() * 0.5);
  const edited = chance(0.04) ? Math.min(now - 60_000, p + rand() * 30 * DAY) : p;
  return {
    receivedAt,
    submittedAt,
    createdAt,
    updatedAt: new Date(edited),
    dueAt,
    late: dueAt ? p > dueAt.getTime() : null,
  };
}

// ---------------------------------------------------------------------------------------------
// Loading

const COLUMNS = [
  ['tenant_id', 'int'],
  ['kind', 'text'],
  ['locale', 'text'],
  ['slug', 'text'],
  ['title', 'text'],
  ['summary', 'text'],
  ['body', 'text'],
  ['author', 'text'],
  ['source', 'text'],
  ['featured', 'boolean'],
  ['published_at', 'timestamptz'],
  ['publication', 'text'],
  ['review_state', 'text'],
  ['data', 'jsonb'],
  ['category_ids', 'int[]'],
  ['received_at', 'timestamptz'],
  ['deadline_class', 'text'],
  ['due_at', 'timestamptz'],
  ['published_late', 'boolean'],
  ['submitted_at', 'timestamptz'],
  ['emergency', 'boolean'],
  ['created_at', 'timestamptz'],
  ['updated_at', 'timestamptz'],
] as const;
// Arrays of arrays do not unnest row by row, and jsonb is simplest as text: both travel as text.
const INSERT_SQL = `INSERT INTO items (${COLUMNS.map(([c]) => c).join(', ')})
  SELECT ${COLUMNS.map(([c, t]) => (t === 'int[]' || t === 'jsonb' ? `${c}::${t}` : c)).join(', ')}
    FROM unnest(${COLUMNS.map(([, t], i) => `$${i + 1}::${t === 'int[]' || t === 'jsonb' ? 'text' : t}[]`).join(', ')})
      AS u(${COLUMNS.map(([c]) => c).join(', ')})`;

type Row = unknown[];

const fmt = (n: number) => VI_NUMBER.format(Math.round(n));
const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

async function ensureDatabase(url: string, reset: boolean) {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.slice(1));
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    const quoted = `"${name.replace(/"/g, '""')}"`;
    const exists = (await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount! > 0;
    if (exists && reset) {
      console.log(`Xóa cơ sở dữ liệu ${name} (--reset)…`);
      await client.query(`DROP DATABASE ${quoted} WITH (FORCE)`);
    }
    if (!exists || reset) {
      await client.query(`CREATE DATABASE ${quoted}`);
      console.log(`Đã tạo cơ sở dữ liệu ${name}.`);
    }
  } finally {
    await client.end();
  }
}

async function createSites(platform: Platform, plan: PlannedSite[]) {
  const deps = {
    sequelize: platform.sequelize,
    registry: platform.registry,
    cache: platform.cache,
    themeNames: [...platform.renderer.themes.keys()],
  };
  const ids: number[] = [];
  let portalId: number | null = null;
  for (const p of plan) {
    const site = await createSite(
      deps,
      { ...p.input, parentId: p.input.kind === 'province' ? null : portalId },
      { inTransaction: (t, tx) => applyBlueprint(t.id, t.kind, tx).then(() => undefined) },
    );
    if (p.input.kind === 'province') portalId = site.id;
    ids.push(site.id);
  }
  return ids;
}

async function categoriesBySite(sequelize: Sequelize) {
  const rows = await sequelize.query<{ tenant_id: number; slug: string; id: number }>(
    'SELECT tenant_id, slug, id FROM categories',
    { type: QueryTypes.SELECT },
  );
  const map = new Map<number, Map<string, number>>();
  for (const r of rows) {
    if (!map.has(r.tenant_id)) map.set(r.tenant_id, new Map());
    map.get(r.tenant_id)!.set(r.slug, r.id);
  }
  return map;
}

async function deadlineRules(sequelize: Sequelize): Promise<Map<string, DeadlineRule>> {
  const rows = await sequelize.query<{ code: string; unit: DeadlineUnit; amount: number }>(
    'SELECT code, unit, amount FROM deadline_classes WHERE valid_to IS NULL ORDER BY valid_from',
    { type: QueryTypes.SELECT },
  );
  return new Map(rows.map((r) => [r.code, { unit: r.unit, amount: r.amount }]));
}

async function main() {
  const started = Date.now();
  const o = parseArgs(process.argv.slice(2));
  seedRandom(o.seed);
  const shown = new URL(o.databaseUrl);
  shown.password = shown.password ? '***' : '';
  console.log(`Sinh dữ liệu: ${o.sites} trang con + Cổng, ${fmt(o.items)} tin; cơ sở dữ liệu ${shown.toString()}`);

  await ensureDatabase(o.databaseUrl, o.reset);
  const config = loadConfig({
    ...process.env,
    DATABASE_URL: o.databaseUrl,
    REDIS_URL: '', // an in-process cache: nothing here needs Redis
    LOG_LEVEL: 'warn',
    SESSION_SECRET: process.env.SESSION_SECRET || crypto.randomBytes(32).toString('hex'),
  });
  const platform = await startPlatform(config, { logger: createLogger(config), scheduler: false });
  const pool = new Pool({ connectionString: o.databaseUrl, max: 2 });
  try {
    const { sequelize } = platform;
    const [counts] = await sequelize.query<{ sites: string; items: string }>(
      'SELECT (SELECT count(*) FROM tenants) AS sites, (SELECT count(*) FROM items) AS items',
      { type: QueryTypes.SELECT },
    );
    if (Number(counts!.sites) > 0 || Number(counts!.items) > 0) {
      throw new Error(
        `Cơ sở dữ liệu đã có ${fmt(Number(counts!.sites))} trang và ${fmt(Number(counts!.items))} tin: không sinh thêm. ` +
          'Thêm --reset để xóa và tạo lại cơ sở dữ liệu, hoặc chọn --database-url khác.',
      );
    }
    const t0 = Date.now();
    const nowYear = new Date().getUTCFullYear();
    await seedCalendar(sequelize, [nowYear - 4, nowYear - 3, nowYear - 2]);
    const cal = await loadCalendar(sequelize);
    const rules = await deadlineRules(sequelize);

    // Sites
    const plan = plannedSites(config.primaryDomain, o.sites);
    const siteIds = await createSites(platform, plan);
    const cats = await categoriesBySite(sequelize);
    console.log(`Đã tạo ${plan.length} trang (Cổng và ${plan.length - 1} trang con) trong ${secs(Date.now() - t0)}.`);

    // Which site and when, for every item, in publication order: the heap then holds items in
    // the order a real portal would have written them.
    const now = Date.now();
    const span = 3 * 365 * DAY;
    const totalWeight = plan.reduce((s, p) => s + p.weight, 0);
    let acc = 0;
    const cumulative = plan.map((p) => (acc += p.weight / totalWeight));
    const pages = Math.min(o.items, plan.length * 5);
    const n = o.items;
    const when = new Float64Array(n);
    const where = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      if (i < pages) {
        where[i] = Math.floor(i / 5);
        when[i] = now - span - (5 - (i % 5)) * DAY;
        continue;
      }
      const r = rand();
      let s = 0;
      while (cumulative[s]! < r && s < plan.length - 1) s++;
      where[i] = s;
      // More items lately than three years ago, as sites grew: half uniform, half skewed to now.
      const u = chance(0.5) ? rand() : Math.sqrt(rand());
      when[i] = officeTime(now - span + u * span, cal);
      if (when[i]! > now - 60_000) when[i] = now - 60_000 - rand() * DAY;
    }
    const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => when[a]! - when[b]!);

    // Indexes without a constraint are rebuilt once at the end, from their own definitions.
    const indexes = (
      await pool.query<{ name: string; def: string }>(
        `SELECT c.relname AS name, pg_get_indexdef(i.indexrelid) AS def
           FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
          WHERE i.indrelid = 'items'::regclass
            AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)`,
      )
    ).rows;
    for (const ix of indexes) await pool.query(`DROP INDEX IF EXISTS "${ix.name}"`);
    console.log(`Tạm bỏ ${indexes.length} chỉ mục của items trong lúc nạp: ${indexes.map((i) => i.name).join(', ')}`);

    const slugs = new Map<number, Map<string, number>>();
    const uniqueSlug = (siteId: number, title: string) => {
      let m = slugs.get(siteId);
      if (!m) slugs.set(siteId, (m = new Map()));
      const base = slugify(title) || 'tin';
      const k = (m.get(base) ?? 0) + 1;
      m.set(base, k);
      return k === 1 ? base : `${base}-${k}`;
    };
    const kindCount = new Map<string, number>();
    let late = 0;
    let withDue = 0;

    const t1 = Date.now();
    let done = 0;
    let lastReport = 0;
    const inFlight = new Set<Promise<void>>();
    let failure: unknown = null;
    try {
      for (let start = 0; start < n && !failure; start += o.batch) {
        const cols: Row[] = COLUMNS.map(() => []);
        const end = Math.min(n, start + o.batch);
        for (let k = start; k < end; k++) {
          const i = order[k]!;
          const p = plan[where[i]!]!;
          const siteId = siteIds[where[i]!]!;
          const publishedAt = new Date(when[i]!);
          const isPage = i < pages;
          const kind = isPage ? 'page' : KIND_MIX();
          const emergency = !isPage && (kind === 'announcement' || kind === 'article') && chance(0.004);
          const deadlineClass = emergency ? 'emergency' : KINDS.find((x) => x.code === kind)!.deadlineClass;
          const rule = rules.get(deadlineClass) ?? { unit: 'none', amount: 0 };
          const times = workflowTimes(publishedAt, rule, cal, now);
          const c: Ctx = {
            site: p,
            org: p.input.kind === 'ward' || p.input.kind === 'commune' ? `UBND ${p.short}` : p.short,
            placeFull: p.place ? p.short : chance(0.7) ? 'tỉnh Tuyên Quang' : `xã ${pick(COMMUNES)}`,
            topic: pickSkewed(TOPICS),
            year: new Date(publishedAt.getTime() + 7 * HOUR).getUTCFullYear(),
            day: publishedAt,
          };
          let made: Made;
          if (isPage) {
            const [section, title] = PAGES[i % 5]!;
            made = {
              title,
              summary: `${title} của ${p.input.nameVi}.`,
              body: newsBody(c),
              data: { section },
              categories: ['gioi-thieu'],
              author: 'Ban Biên tập',
              source: p.input.nameVi,
            };
          } else {
            made = makeItem(kind, c, times.receivedAt);
          }
          const siteCats = cats.get(siteId);
          const categoryIds = made.categories.map((s) => siteCats?.get(s)).filter((x): x is number => x !== undefined);
          kindCount.set(kind, (kindCount.get(kind) ?? 0) + 1);
          if (times.dueAt) {
            withDue++;
            if (times.late) late++;
          }
          const values: unknown[] = [
            siteId,
            kind,
            'vi',
            uniqueSlug(siteId, made.title),
            made.title.normalize('NFC'),
            made.summary.normalize('NFC'),
            made.body.normalize('NFC') || null,
            made.author,
            made.source,
            !isPage && chance(0.01),
            publishedAt.toISOString(),
            'published',
            'none',
            JSON.stringify(made.data).normalize('NFC'),
            `{${categoryIds.join(',')}}`,
            times.receivedAt.toISOString(),
            deadlineClass,
            times.dueAt?.toISOString() ?? null,
            times.late,
            times.submittedAt.toISOString(),
            emergency,
            times.createdAt.toISOString(),
            times.updatedAt.toISOString(),
          ];
          for (let v = 0; v < values.length; v++) cols[v]!.push(values[v]);
        }
        // Two statements in flight (one per core for the trigger's work) while the next batch is built.
        const count = end - start;
        const job: Promise<void> = pool.query(INSERT_SQL, cols).then(
          () => {
            done += count;
            inFlight.delete(job);
            if (done - lastReport >= Math.max(o.batch, n / 40) || done === n) {
              lastReport = done;
              const rate = done / ((Date.now() - t1) / 1000);
              console.log(
                `  ${fmt(done)}/${fmt(n)} tin (${Math.floor((done / n) * 100)}%), ${fmt(rate)} tin/s, còn khoảng ${secs(((n - done) / rate) * 1000)}`,
              );
            }
          },
          (err: unknown) => {
            inFlight.delete(job);
            failure ??= err;
          },
        );
        inFlight.add(job);
        if (inFlight.size >= 2) await Promise.race(inFlight);
      }
      await Promise.all(inFlight);
      if (failure) throw failure;
      console.log(
        `Đã nạp ${fmt(done)} tin trong ${secs(Date.now() - t1)} (${fmt(done / ((Date.now() - t1) / 1000))} tin/s).`,
      );
    } finally {
      await Promise.allSettled(inFlight);
      const t2 = Date.now();
      // Two builds at a time (one per core); a bulk build needs memory, not a million inserts.
      const queue = [...indexes];
      await Promise.all(
        [0, 1].map(async () => {
          const client = await pool.connect();
          try {
            await client.query(`SET maintenance_work_mem = '512MB'`);
            for (let ix = queue.shift(); ix; ix = queue.shift()) {
              const ti = Date.now();
              await client.query(ix.def);
              console.log(`  chỉ mục ${ix.name}: ${secs(Date.now() - ti)}`);
            }
          } finally {
            client.release();
          }
        }),
      );
      console.log(`Đã dựng lại ${indexes.length} chỉ mục trong ${secs(Date.now() - t2)}.`);
    }

    const t3 = Date.now();
    await pool.query('VACUUM (ANALYZE) items');
    await pool.query('ANALYZE');
    console.log(`VACUUM ANALYZE: ${secs(Date.now() - t3)}.`);
    for (const id of siteIds) await platform.cache.bumpTenantVersion(id);
    await platform.registry.announceChange();

    const [size] = (
      await pool.query<{ table: string; total: string }>(
        `SELECT pg_size_pretty(pg_relation_size('items')) AS table, pg_size_pretty(pg_total_relation_size('items')) AS total`,
      )
    ).rows;
    console.log(
      `Xong trong ${secs(Date.now() - started)}. Bảng items: ${size!.table} (cả chỉ mục và TOAST: ${size!.total}).\n` +
        `Theo loại: ${[...kindCount].map(([k, v]) => `${k} ${fmt(v)}`).join(', ')}.\n` +
        `Có thời hạn: ${fmt(withDue)} tin, đăng muộn: ${fmt(late)} (${((late / Math.max(1, withDue)) * 100).toFixed(1)}%).`,
    );
  } finally {
    await pool.end();
    await platform.close();
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
