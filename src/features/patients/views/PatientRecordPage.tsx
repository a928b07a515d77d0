import { SummaryList } from 'nhsuk-react-components';
import { formatNhsNumber } from '../../../domain/identifiers';
import { PatientOutcomesSection, type EndedCourseOutcome } from '../../outcomes';
import type { PatientRow } from '../patients.repository';

export function PatientRecordPage({
  patient,
  isOwnRecord,
  outcomes = null,
  showRecordViews = false,
}: {
  patient: PatientRow;
  isOwnRecord: boolean;
  /** A service manager may see who has viewed this record. */
  showRecordViews?: boolean;
  /** Ended courses and their outcomes; shown to staff only. */
  outcomes?: EndedCourseOutcome[] | null;
}) {
  return (
    <>
      <h1>{isOwnRecord ? 'Your details' : `${patient.givenName} ${patient.familyName}`}</h1>
      <SummaryList>
        <SummaryList.Row>
          <SummaryList.Key>Name</SummaryList.Key>
          <SummaryList.Value>
            {patient.givenName} {patient.familyName}
          </SummaryList.Value>
        </SummaryList.Row>
        <SummaryList.Row>
          <SummaryList.Key>Date of birth</SummaryList.Key>
          <SummaryList.Value>{patient.dateOfBirth}</SummaryList.Value>
        </SummaryList.Row>
        <SummaryList.Row>
          <SummaryList.Key>NHS number</SummaryList.Key>
          <SummaryList.Value>
            {patient.nhsNumber ? formatNhsNumber(patient.nhsNumber) : 'Not known'}
          </SummaryList.Value>
        </SummaryList.Row>
        <SummaryList.Row>
          <SummaryList.Key>Postcode</SummaryList.Key>
          <SummaryList.Value>{patient.postcode ?? 'Not known'}</SummaryList.Value>
        </SummaryList.Row>
      </SummaryList>
      {isOwnRecord ? null : (
        <p>
          <a href={`/patients/${patient.id}/questionnaires`}>Session questionnaires</a>
        </p>
      )}
      {showRecordViews ? (
        <p>
          <a href={`/patients/${patient.id}/record-views`}>Who has viewed this record</a>
        </p>
      ) : null}
      {outcomes ? <PatientOutcomesSection courses={outcomes} /> : null}
    </>
  );
}
