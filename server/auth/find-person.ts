// One person by id for the screens and actions about a person: an unknown id is the same 404
// everywhere, never a crash on null.
import type { FindOptions, InferAttributes } from 'sequelize';
import { notFound } from '../core/errors';
import { Person } from './person.model';

export async function personOr404(id: number, opts: Omit<FindOptions<InferAttributes<Person>>, 'where'> = {}) {
  const person = await Person.findByPk(id, opts);
  if (!person) throw notFound('Không tìm thấy người dùng');
  return person;
}
