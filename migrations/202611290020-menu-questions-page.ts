import type { MigrationFn } from 'umzug';
import type { MigrationContext } from '../server/db/migrate';

// "Hỏi đáp" in the default menus pointed at a category; questions and answers now have their own
// page (/hoi-dap), with the form and the published answers. Menus still on the old default move.
export const up: MigrationFn<MigrationContext> = async ({ context: qi }) => {
  await qi.sequelize.query(
    `UPDATE menu_items SET target = '/hoi-dap' WHERE target = 'category:hoi-dap' AND label_vi = 'Hỏi đáp'`,
  );
};

export const down: MigrationFn<MigrationContext> = async ({ context: qi }) => {
  await qi.sequelize.query(
    `UPDATE menu_items SET target = 'category:hoi-dap' WHERE target = '/hoi-dap' AND label_vi = 'Hỏi đáp'`,
  );
};
