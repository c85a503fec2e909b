import { validateDocument } from '../../../../src/core/validation';
import { RIYADH_OFFSET_MINUTES } from '../../../../src/core/time/saudi-time';
import { freezeDate } from '../../../support/frozen-date';
import { readSample, STANDARD_INVOICE } from './sdk-samples';

/**
 * BR-KSA-04 holds IssueDate (written in Saudi time) to XPath's current-date(), whose zone is
 * the implicit time zone. At 22:30 UTC on 6 September 2022 it is already 7 September in Riyadh,
 * the sample's IssueDate: not in the future for ZATCA, but "tomorrow" for a UTC host.
 */
describe('the schematron stages in a chosen implicit time zone', () => {
  const xml = readSample(STANDARD_INVOICE); // IssueDate 2022-09-07
  const futureDated = async (implicitTimezoneMinutes?: number) => {
    const [ksa] = await validateDocument(xml, { stages: ['ksa'], implicitTimezoneMinutes });
    return ksa.findings.some((f) => f.code === 'BR-KSA-04');
  };

  beforeAll(async () => {
    await futureDated(); // loads the stylesheet before the clock is frozen
    freezeDate(Date.parse('2022-09-06T22:30:00Z'));
  });
  afterAll(() => jest.useRealTimers());

  it('judges IssueDate against the date in Saudi time when asked to, as ZATCA does', async () => {
    expect(await futureDated(RIYADH_OFFSET_MINUTES)).toBe(false);
  });

  it('judges it against the UTC date in zone 0: the same document is future-dated', async () => {
    expect(await futureDated(0)).toBe(true);
  });

  it("leaves Date's time zone as it was afterwards", async () => {
    const before = new Date().getTimezoneOffset();
    await futureDated(RIYADH_OFFSET_MINUTES);
    expect(new Date().getTimezoneOffset()).toBe(before);
  });
});
