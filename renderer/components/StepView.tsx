import { useEffect, useRef } from 'react';
import { missingCase } from '../../shared/util/missing-case.js';
import { ApplyStep } from '../apply/ApplyStep.js';
import { AuditStep } from '../audit/AuditStep.js';
import { PlanStep } from '../plan/PlanStep.js';
import { ProbeStep } from '../probe/ProbeStep.js';
import { ReportStep } from '../report/ReportStep.js';
import { ProjectEditor } from '../project/ProjectEditor.js';
import { useAppStore } from '../store/store-context.js';
import type { StepId } from '../wizard/steps.js';
import { STEP_IDS, stepTitle } from '../wizard/steps.js';
import { NoProject } from './NoProject.js';
import { NoticeBar } from './NoticeBar.js';
import { PrecheckStep } from './PrecheckStep.js';
import { RequirementStep } from './RequirementStep.js';

/** The current step: its heading, the notice line, its body and the Back / Next buttons. */
export function StepView() {
  const step = useAppStore((state) => state.step);
  const back = useAppStore((state) => state.back);
  const next = useAppStore((state) => state.next);
  const heading = useRef<HTMLHeadingElement>(null);
  const first = useRef(true);
  // After Back, Next or a step in the list, the new page starts at its heading (focus and scroll), not
  // where the old page's button was; the first render leaves focus alone.
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    heading.current?.focus();
    heading.current?.scrollIntoView?.({ block: 'start' });
  }, [step]);
  return (
    <section className="step" aria-labelledby="step-title">
      <h1 id="step-title" className="step-title" data-testid="step-title" ref={heading} tabIndex={-1}>
        {stepTitle(step)}
      </h1>
      <NoticeBar />
      <StepBody step={step} />
      <footer className="step-footer">
        <button type="button" data-testid="step-back" onClick={back} disabled={step === STEP_IDS[0]}>
          Back
        </button>
        <button type="button" data-testid="step-next" onClick={next} disabled={step === STEP_IDS[STEP_IDS.length - 1]}>
          Next
        </button>
      </footer>
    </section>
  );
}

function StepBody({ step }: { readonly step: StepId }) {
  const hasProject = useAppStore((state) => state.draft !== undefined);
  if (step !== 'project' && !hasProject) return <NoProject />;
  switch (step) {
    case 'project':
      return <ProjectEditor />;
    case 'prechecks':
      return <PrecheckStep />;
    case 'audit':
      return <AuditStep />;
    case 'plan':
      return <PlanStep />;
    case 'apply':
      return <ApplyStep />;
    case 'probe':
      return <ProbeStep />;
    case 'report':
      return <ReportStep />;
    case 'req1':
    case 'req2':
    case 'req3':
    case 'req4':
    case 'req5':
    case 'req6':
    case 'req7':
    case 'req8':
    case 'alerts':
      return <RequirementStep requirement={step} />;
    default:
      return missingCase(step);
  }
}
