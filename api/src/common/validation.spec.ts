import { DomainError, ErrorCode } from './errors.js';
import { uuidParam } from './validation.js';

describe('uuidParam', () => {
  it('passes a UUID through', async () => {
    const id = '6f1c1e9a-3b2d-4c5e-8f70-1a2b3c4d5e6f';
    await expect(uuidParam('id').transform(id, { type: 'param', data: 'id' })).resolves.toBe(id);
  });

  it('refuses anything else with a 400 that names the parameter', async () => {
    const refused = uuidParam('volunteerId').transform('not-a-uuid', {
      type: 'param',
      data: 'volunteerId',
    });
    await expect(refused).rejects.toBeInstanceOf(DomainError);
    await expect(refused).rejects.toMatchObject({
      code: ErrorCode.Invalid,
      details: [{ field: 'volunteerId', messages: ['volunteerId must be a UUID'] }],
    });
  });
});
