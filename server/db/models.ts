import type { Sequelize } from 'sequelize';
import { initTenantModels } from '../../tenants/tenant.model';
import { initAuditEntryModel } from '../audit/audit-entry.model';
import { initGrantModel } from '../auth/grant.model';
import { initPersonModel } from '../auth/person.model';
import { initCategoryModels } from '../content/category.model';
import { initItemModel } from '../content/item.model';
import { initDeadlineClassModel } from '../content/deadline-class.model';
import { initMediaModel } from '../media/media.model';
import { initSubmissionModels } from '../content/submission.model';
import { initSyndicationModel } from '../content/syndication.model';
import { initParticipationModels } from '../participation/participation.model';
import { initReportExportModel } from '../reports/report-export.model';

/** Registers every model on the process's Sequelize instance. */
export function initModels(sequelize: Sequelize) {
  initTenantModels(sequelize);
  initItemModel(sequelize);
  initPersonModel(sequelize);
  initGrantModel(sequelize);
  initAuditEntryModel(sequelize);
  initCategoryModels(sequelize);
  initDeadlineClassModel(sequelize);
  initMediaModel(sequelize);
  initSubmissionModels(sequelize);
  initSyndicationModel(sequelize);
  initParticipationModels(sequelize);
  initReportExportModel(sequelize);
}
