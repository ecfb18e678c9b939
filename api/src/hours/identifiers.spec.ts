import { findIdentifier } from './identifiers.js';

describe('findIdentifier', () => {
  it.each([
    ['Called back on 555-123-4567 after the shift', 'phone'],
    ['phone (215) 555 0199', 'phone'],
    ['+44 20 7946 0958', 'phone'],
    ['555-1234', 'phone'],
    ['mail her at jo.doe@example.org', 'email'],
    ['met at 42 Elm Street', 'address'],
    ['home visit, 1200 West Market St', 'address'],
    ['Calle Mayor 12, segundo piso', 'address'],
    ['caller John Smith was upset', 'name'],
    ['Client: Maria Lopez', 'name'],
    ['la paciente Ana García', 'name'],
  ])('rejects %j as %s', (text, kind) => {
    expect(findIdentifier(text)).toBe(kind);
  });

  it.each([
    'Drop-in centre, evening shift',
    'Crisis line shift 18:00-22:00 on 2026-11-20',
    'Shift 1800-2200, two calls',
    'Group of 12 people, 3 co-facilitators',
    'Shift on 20/11/2026 with 2 calls',
    'The caller was distressed and we talked about breathing',
    'client said they felt better after the walk',
    'Helped 3 people on the way to the shelter',
    'Riverside Library outreach table, room 204',
    'Supervisor Ana Torres observed',
    'Met the Client Services team',
    '',
  ])('accepts %j', (text) => {
    expect(findIdentifier(text)).toBeNull();
  });
});
