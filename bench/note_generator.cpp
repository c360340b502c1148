#include "note_generator.h"

#include <cmath>
#include <string_view>

namespace exemplar::bench {
namespace {

// --- fill-ins for {placeholders} ------------------------------------------------
const char* const kClient[] = {"client", "Client", "pt", "Pt", "member", "the client", "Mr. Alvarez", "Ms. Okafor",
                               "Mrs. Nguyen", "Mr. Kowalski", "José", "Ms. Brennan"};
const char* const kRelative[] = {"daughter", "son", "wife", "husband", "sister", "brother", "granddaughter",
                                 "niece", "mother", "partner", "son-in-law", "grandson"};
const char* const kProvider[] = {"PCP", "cardiology", "the pharmacy", "home health", "the SNF", "Dr. Patel's office",
                                 "the dialysis unit", "neurology", "the wound clinic", "behavioral health",
                                 "the VA clinic", "ortho"};
const char* const kPayer[] = {"Medicaid", "the MCO", "Medicare Part D", "the insurer", "the health plan",
                              "the waiver program", "UM", "the PBM"};
const char* const kMed[] = {"insulin", "metformin", "Eliquis", "lisinopril", "furosemide", "albuterol inhaler",
                            "oxycodone", "sertraline", "warfarin", "Jardiance", "gabapentin", "oxygen"};
const char* const kDme[] = {"wheelchair", "hospital bed", "shower chair", "walker", "oxygen concentrator",
                            "CPAP", "hoyer lift", "glucometer"};
const char* const kService[] = {"home health", "Meals on Wheels", "PCA hours", "adult day program", "transportation",
                                "respite care", "PT/OT", "hospice eval", "the food pantry", "SNAP"};
const char* const kAgency[] = {"the housing authority", "APS", "the Area Agency on Aging", "SSA", "the utility company",
                               "DHS", "the county", "Legal Aid"};
const char* const kCm[] = {"J. Smith RN CM", "A. Romero, LSW", "K. Lee, CM", "T. Haddad RN", "M. Johansson, MSW",
                           "D. O'Neil, RN BSN"};
const char* const kSymptom[] = {"pain", "SOB", "swelling", "dizziness", "fatigue", "anxiety", "appetite",
                                "sleep", "cough", "mood"};
const char* const kState[] = {"better", "unchanged", "slightly worse", "improving", "stable", "about the same"};
const char* const kWeekday[] = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday"};

// --- sentence banks --------------------------------------------------------------
const char* const kRoutine[] = {
    "Called {client} to confirm appointment on {date}.",
    "{client} reports {symptom} is {state} since last contact.",
    "Reviewed medication list with {client}; no changes at this time.",
    "Left voicemail for {provider} re: upcoming appointment, awaiting call back.",
    "Vitals per home health: BP {num}/{num2}, HR {num2}, weight {num} lbs.",
    "{client} attended scheduled appointment today and was cooperative throughout.",
    "Discussed diet and fluid restriction; {client} verbalized understanding.",
    "Next home visit scheduled for {weekday} at {time}.",
    "Transportation confirmed for the {provider} visit on {date}.",
    "Care plan reviewed and goals remain appropriate.",
    "Mailed updated appointment calendar to the home.",
    "{client} states she is taking {med} as prescribed.",
    "Faxed progress note to {provider} as requested.",
    "No new concerns voiced during today's call.",
    "Medication refill for {med} picked up on {date}.",
    "Reinforced teaching on daily weights and when to call the clinic.",
    "{client} continues to attend the adult day program three days per week.",
    "Completed quarterly reassessment; scores unchanged from prior.",
    "{client} declined flu vaccine today, education provided.",
    "Lab results from {date} reviewed with {client}.",
    "Will follow up by phone in two weeks.",
    "Client appeared well groomed, alert and oriented x3.",
    "Home environment clean and free of obvious hazards.",
    "Confirmed {service} start date with the agency.",
    "Discussed upcoming specialist visit and questions to bring.",
    "Updated emergency contact information in the chart.",
    "Encouraged {client} to keep a log of blood sugars before meals.",
    "Reviewed signs and symptoms of infection; {client} able to teach back.",
    "Spent {num2} minutes on call with {client} reviewing the plan of care.",
    "Chart review completed prior to visit.",
    "{client} reports walking {num2} minutes most days.",
    "Pharmacy confirmed {med} is ready for pickup.",
    "Scheduled follow-up with {provider} for {date} at {time}.",
    "Sent secure message to {provider} with updated medication list.",
    "Client's benefits renewal packet was received and reviewed together.",
    "{client} set a goal to cut back to one soda per day.",
    "Talked through budget for the month; rent and utilities are paid.",
    "Fall risk screen completed, low risk.",
};

const char* const kAbbrev[] = {
    "Pt c/o {symptom} x3d, f/u w/ {provider} next wk.",
    "CM t/c to pt, LVM re: appt {date}.",
    "D/C planning in progress, SNF vs HH, pt prefers home.",
    "Hx CHF, DM2, HTN, CKD3; A1c {num2}.",
    "Pt NPO after MN for procedure {date}.",
    "RTC 2 wks, PRN sooner.",
    "BP {num}/{num2} sitting, 02 sat {num2}% RA.",
    "s/p fall {date}, no LOC, ambulating w/ walker.",
    "Pt A&Ox3, NAD, ambulating indep.",
    "Meds reconciled w/ pt & pharm; no discrepancies.",
    "HH RN 2x/wk x 4 wks per order.",
    "PT eval pending, OT ordered.",
    "Pt verbalized understanding of POC.",
    "ED visit {date} for CP, r/o MI, d/c home same day.",
    "f/u labs BMP/CBC ordered by PCP.",
};

const char* const kBreakdown[] = {
    "The cardiology referral was never received by the clinic, so {client} waited six weeks for nothing.",
    "{client} ran out of {med} because the prior authorization was never sent to {payer}.",
    "Home health never started after discharge; nobody called to tell us the agency had no staff.",
    "{client} fell through the cracks after the transfer from the hospital to the SNF.",
    "Discharge summary listed the wrong address, so the {dme} was delivered to the old apartment.",
    "{provider} and the hospitalist gave conflicting instructions about {med}, and {client} stopped taking both.",
    "Follow-up appointment was lost when the clinic changed scheduling systems.",
    "Power was shut off on {date}; the plan had not caught the overdue utility notice.",
    "All hell broke loose when the aide did not show and {client} was alone overnight.",
    "I sent the referral to the wrong fax number and only caught it a week later; resent and apologized to {client}.",
    "Pharmacy mix-up: {client} was given {med} meant for another patient.",
    "{client} was readmitted within a week because the discharge instructions were never followed up.",
};

const char* const kRuleBending[] = {
    "Requested a one-time exception from {payer} so {client} could get an early refill of {med}.",
    "Supervisor approved an override of the visit limit so I could see {client} weekly this month.",
    "{client} is not technically eligible for {service}, but the program manager agreed to enroll her anyway.",
    "Obtained a waiver of the 30-day residency requirement for {agency}.",
    "Went off protocol and delivered the {dme} myself rather than wait for the vendor.",
    "Swapped two bus passes with the other team so {client} could make dialysis this week.",
    "Used the emergency reserve fund outside the usual process to cover one night in a motel.",
    "Supervisor agreed after the fact to back my decision to skip the waiting list.",
    "Team accepted the dignity of risk: {client} will go home alone against the standard plan.",
    "Got a one-time authorization for {service} beyond the benefit cap.",
};

const char* const kAdvocacy[] = {
    "CM appealed the denial of the {dme} with a letter of medical necessity.",
    "Escalated to the medical director at {payer} after the second denial.",
    "Negotiated with the landlord to delay the eviction until the back rent assistance arrives.",
    "Requested a peer-to-peer review with {payer} for the denied MRI.",
    "Called {agency} three times and insisted on a supervisor until the application was reopened.",
    "Spoke up in the care conference for {client}'s wish to return home rather than to long-term care.",
    "Accompanied {client} to the {provider} appointment to make sure her concerns were heard.",
    "Pushed {provider} to move the appointment up given the weight gain.",
    "Filed a grievance with {payer} on {client}'s behalf.",
    "Called in a favour with the pharmacy manager to get {med} filled tonight.",
    "Asked {payer} to reconsider the denial and sent the new records.",
};

const char* const kFamily[] = {
    "Family meeting held with {client}'s {relative} and {relative2} to go over the discharge plan.",
    "{relative} present for the visit and asked good questions about {med}.",
    "Trained the {relative} on insulin administration and hypoglycemia signs.",
    "{client}'s {relative} manages the pill box and drives her to all appointments.",
    "Caregiver ({relative}) reports burnout; discussed respite options and adult day care.",
    "Disagreement between the {relative} and the {relative2} about placement; will mediate next week.",
    "Updated the {relative} by phone on today's visit at {client}'s request.",
    "Care conference with the family on {date}; {relative} will stay with {client} for two weeks.",
    "{relative} handles {client}'s finances and paid the overdue utility bill.",
    "Taught the {relative} how to use the {dme} safely.",
};

const char* const kNotCounted[] = {
    "No family present at today's visit.",
    "{client} denies any family support; lives alone.",
    "If the denial stands, we will appeal.",
    "Will consider a family meeting if the situation changes.",
    "Did not need to appeal; {payer} approved on first review.",
    "Should the referral fail again, CM will escalate to the supervisor.",
    "No exception was requested.",
    "{relative} lives in Ohio and is not involved in care.",
    "Family not available for the care conference.",
    "Mother had diabetes; father had a stroke at 60.",
    "Discussed whether an override might be needed later; not pursued at this time.",
    "Denies any missed doses or problems with the pharmacy.",
    "History of eviction in 2019; housing has been stable since.",
    "Roommate was evicted last year; {client} was not affected.",
};

const char* const kEvidence[] = {
    "Housing is unstable; rent is two months behind.",
    "Home safety check: loose rugs removed, grab bars needed in bathroom.",
    "Set a goal with {client} to walk to the mailbox daily; used motivational interviewing.",
    "Coordinated {provider}, home health and the pharmacy into one medication schedule.",
    "I am now the single point of contact for {client} across the hospital and the clinic.",
    "Learned that {client} used to be a welder and wants to get back to fishing.",
    "Transportation to dialysis remains a barrier three days a week.",
    "Warm hand-off to the behavioral health care manager completed.",
};

const char* const kFormLines[] = {
    "Family involved: [x] Yes [ ] No",
    "Family involved: [ ] Yes [x] No",
    "Advocacy needs: none",
    "Caregiver present: N/A",
    "Transportation needed: ☒ Yes ☐ No",
    "Housing stable: ☐ Yes ☒ No",
    "Exception requested: No",
    "Contact type: [x] Telephone [ ] Home visit [ ] Office",
    "Falls in past 30 days: 0",
    "Advance directive on file: Yes",
    "Interpreter needed: [ ] Yes [x] No   Language: English",
    "Pain score: {num2}/10",
    "Next review date: {date}",
    "Referral status: [x] Sent [ ] Received [ ] Closed",
};

const char* const kHeadings[] = {"SUBJECTIVE", "OBJECTIVE", "ASSESSMENT", "PLAN", "S:", "O:", "A:", "P:",
                                 "Past History:", "Family History:", "Social History:", "Interventions:",
                                 "Goals:", "Barriers:"};

const char* const kOpeners[] = {
    "Case management progress note",
    "CM phone contact",
    "Home visit note",
    "Transition of care follow-up",
    "Monthly case review",
    "Utilization review note",
};

template <size_t N>
const char* pick(Rng& rng, const char* const (&bank)[N]) {
  return bank[rng.below(N)];
}

std::string date(Rng& rng) {
  return std::to_string(1 + rng.below(12)) + "/" + std::to_string(1 + rng.below(28)) + "/" +
         std::to_string(2019 + rng.below(6));
}

std::string time_of_day(Rng& rng) {
  const size_t h = 8 + rng.below(9);
  const size_t m = rng.below(4) * 15;
  return std::to_string(h > 12 ? h - 12 : h) + ":" + (m < 10 ? "0" : "") + std::to_string(m) + (h >= 12 ? " PM" : " AM");
}

// Expands {placeholders} of `tmpl` onto `out`.
void expand(Rng& rng, std::string_view tmpl, std::string* out) {
  for (size_t i = 0; i < tmpl.size(); ++i) {
    if (tmpl[i] != '{') {
      out->push_back(tmpl[i]);
      continue;
    }
    const size_t close = tmpl.find('}', i);
    const std::string_view key = tmpl.substr(i + 1, close - i - 1);
    i = close;
    if (key == "client") out->append(pick(rng, kClient));
    else if (key == "relative" || key == "relative2") out->append(pick(rng, kRelative));
    else if (key == "provider") out->append(pick(rng, kProvider));
    else if (key == "payer") out->append(pick(rng, kPayer));
    else if (key == "med") out->append(pick(rng, kMed));
    else if (key == "dme") out->append(pick(rng, kDme));
    else if (key == "service") out->append(pick(rng, kService));
    else if (key == "agency") out->append(pick(rng, kAgency));
    else if (key == "symptom") out->append(pick(rng, kSymptom));
    else if (key == "state") out->append(pick(rng, kState));
    else if (key == "weekday") out->append(pick(rng, kWeekday));
    else if (key == "date") out->append(date(rng));
    else if (key == "time") out->append(time_of_day(rng));
    else if (key == "num") out->append(std::to_string(100 + rng.below(90)));
    else if (key == "num2") out->append(std::to_string(5 + rng.below(90)));
  }
}

// One sentence or line, drawn by how often each sort appears in real notes.
void add_sentence(Rng& rng, std::string* out) {
  const double r = rng.unit();
  const char* t;
  if (r < 0.50) t = pick(rng, kRoutine);
  else if (r < 0.64) t = pick(rng, kAbbrev);
  else if (r < 0.67) t = pick(rng, kBreakdown);
  else if (r < 0.69) t = pick(rng, kRuleBending);
  else if (r < 0.72) t = pick(rng, kAdvocacy);
  else if (r < 0.76) t = pick(rng, kFamily);
  else if (r < 0.85) t = pick(rng, kNotCounted);
  else t = pick(rng, kEvidence);
  expand(rng, t, out);
}

}  // namespace

std::string generate_note(Rng& rng, size_t target) {
  std::string note;
  note.reserve(target + 256);
  if (rng.chance(0.6)) {  // a header line, as most systems print one
    note += date(rng) + " " + time_of_day(rng) + " - " + pick(rng, kOpeners) + " - " + pick(rng, kCm) + "\n";
  }
  const bool soap = target > 600 && rng.chance(0.4);
  const bool form = target > 400 && rng.chance(0.35);
  size_t heading = 0;
  size_t in_paragraph = 0, paragraph_len = 2 + rng.below(6);
  if (form) {
    const size_t lines = 2 + rng.below(5);
    for (size_t i = 0; i < lines; ++i) {
      expand(rng, pick(rng, kFormLines), &note);
      note += "\n";
    }
    note += "\n";
  }
  while (note.size() < target) {
    if (in_paragraph == 0) {
      if (soap) {
        note += heading < 4 ? kHeadings[heading % 4] : pick(rng, kHeadings);
        note += rng.chance(0.5) ? "\n" : " ";
        ++heading;
      }
    }
    add_sentence(rng, &note);
    if (++in_paragraph >= paragraph_len) {
      note += rng.chance(0.7) ? "\n\n" : "\n";
      in_paragraph = 0;
      paragraph_len = 2 + rng.below(6);
    } else if (rng.chance(0.05)) {
      note += "\n";
      expand(rng, pick(rng, kFormLines), &note);
      note += "\n";
    } else {
      note += rng.chance(0.9) ? " " : "  ";
    }
  }
  while (!note.empty() && (note.back() == ' ' || note.back() == '\n')) note.pop_back();
  note += "\n";
  return note;
}

std::vector<std::string> generate_notes(const NoteSetOptions& opts) {
  Rng rng(opts.seed);
  std::vector<std::string> notes;
  size_t total = 0;
  const double lo = std::log(static_cast<double>(opts.min_note_bytes));
  const double hi = std::log(static_cast<double>(opts.max_note_bytes));
  while (total < opts.total_bytes) {
    const size_t target = static_cast<size_t>(std::exp(lo + (hi - lo) * rng.unit()));
    notes.push_back(generate_note(rng, target));
    total += notes.back().size();
  }
  return notes;
}

}  // namespace exemplar::bench
