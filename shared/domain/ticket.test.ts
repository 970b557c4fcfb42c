import { describe, expect, it } from 'vitest';
import { OptionalTicketSchema, TicketSchema, ticketProblem } from './ticket';

describe('ticket references', () => {
  it('accepts service-desk references and trims them', () => {
    expect(TicketSchema.parse(' INC0012345 ')).toBe('INC0012345');
    expect(TicketSchema.parse('SUP-481')).toBe('SUP-481');
    expect(TicketSchema.parse('case_2026.11')).toBe('case_2026.11');
  });

  it('refuses characters that are unsafe in an S3 key and overlong references', () => {
    for (const bad of ['INC 1', 'a/b', '../x', 'x?y', '#1', 'é1', 'A'.repeat(65), '-lead']) {
      expect(TicketSchema.safeParse(bad).success, bad).toBe(false);
      expect(ticketProblem(bad), bad).not.toBeNull();
    }
  });

  it('treats an empty box as no ticket', () => {
    expect(OptionalTicketSchema.parse('')).toBeNull();
    expect(OptionalTicketSchema.parse('   ')).toBeNull();
    expect(OptionalTicketSchema.parse(undefined)).toBeUndefined();
    expect(OptionalTicketSchema.parse(null)).toBeNull();
    expect(OptionalTicketSchema.parse('INC7')).toBe('INC7');
    expect(ticketProblem('')).toBeNull();
  });
});
