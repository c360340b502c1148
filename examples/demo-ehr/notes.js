// Sample case-management notes for the demo EHR. All people are invented.
// Some notes hold teachable moments (breakdown, rule bending, advocacy,
// family involvement), some are routine, and some hold traps: negated,
// hypothetical and templated cues that must not count as moments.
export const PATIENT = {
  name: 'DELGADO, Rosa M.',
  mrn: 'MRN 00482913',
  dob: '1951-06-14',
  age: '73 y',
  sex: 'F',
  pcp: 'PCP: K. Osei, MD',
  program: 'Complex Care Management — Tier 2',
  allergies: 'Allergies: sulfa, latex',
  coverage: 'Medicare Advantage (HMO)',
};

export const NOTES = [
  {
    id: 'n-0412',
    date: '2024-04-12 10:42',
    author: 'J. Park, RN CCM',
    type: 'Telephonic f/u',
    title: 'Post-discharge call, day 3',
    text: `Post-discharge call, day 3. Pt d/c from St. Vincent 4/9 after CHF exacerbation.
S: Pt states the home oxygen concentrator was never delivered; she has been using the portable tank only at night. Dtr (Lucia) on speaker, says she has been staying over to watch her breathing.
O: DME vendor has no order on file; the d/c order was entered but not signed before discharge. Wt 152 lb, up 3 lb since d/c.
A: Failed transition -- no O2 at home, fall and readmission risk.
P: Called hospitalist office, order signed and re-sent 11:05. Escalated to the vendor's supervisor to deliver today instead of the usual 48 hrs; she agreed to a 4 pm delivery. Taught dtr the daily weight log and when to call. CM will f/u tomorrow AM.`,
  },
  {
    id: 'n-0405',
    date: '2024-04-05 14:10',
    author: 'J. Park, RN CCM',
    type: 'Quarterly review',
    title: 'Quarterly review — routine',
    text: `QUARTERLY REVIEW
Contact type: Telephonic
Family involved: [ ] Yes [x] No
Advocacy needs: none
Prior auth: CPAP supplies -- submitted 4/2, pending
Barriers to care: none identified
Fam hx: mother had diabetes.
D: Pt lives alone, no family involvement; she manages her own pill box and drives to appts.
A: Stable. Goals on track -- walking 20 min daily, 5 of 7 days.
P: Next review 7/5. No changes to plan.`,
  },
  {
    id: 'n-0328',
    date: '2024-03-28 16:25',
    author: 'M. Haddad, LCSW',
    type: 'Care conference',
    title: 'Family meeting re: home vs. SNF',
    text: `DAP
D: Family meeting held in clinic with pt, dtr Lucia and son Andres (by phone). Son wants pt placed in a SNF after the fall; pt wants to stay home and dtr supports her. Lucia reports she has not slept more than 4 hrs a night and is missing work.
A: Caregiver strain is high. Pt has capacity and has been clear about staying home.
P: I spoke for pt's wishes and the family agreed to a 30-day trial at home with HHA 3x/wk. Referred Lucia to the caregiver respite program.`,
  },
  {
    id: 'n-0319',
    date: '2024-03-19 09:05',
    author: 'J. Park, RN CCM',
    type: 'Telephonic',
    title: 'Inhaler denied — appeal',
    text: `Telephonic. Pt's tiotropium inhaler was denied as non-formulary after she was stable on it for 2 yrs; she tried the preferred alternative in 2022 and was admitted twice.
CM filed an expedited appeal with the pulmonologist's letter and requested a peer-to-peer with the plan medical director. Pharmacy will not fill until decision -- pt has 3 days left.
Supervisor approved a one-time override so pt could get a 7-day bridge supply at the clinic.
If the appeal is denied, will consider a family meeting about the cost.`,
  },
  {
    id: 'n-0301',
    date: '2024-03-01 11:30',
    author: 'M. Haddad, LCSW',
    type: 'Home visit',
    title: 'Home visit — utilities',
    text: `Home visit. Pt showed CM a shut-off notice from the electric co dated 2/14 -- nobody on the team knew; her oxygen concentrator runs on that power.
Negotiated with the utility's medical-certificate desk for a 60-day hold and faxed the PCP's form the same day. Pt is not technically eligible for the LIHEAP crisis fund until next month; used agency emergency funds for the balance instead.
No advocacy needs for rent at this time. Pt denies family support with bills.`,
  },
];
