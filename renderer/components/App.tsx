import { useEffect, useState } from 'react';
import { FileChooserHost } from '../files/FileChooserHost.js';
import { PromptDialog } from '../prompts/PromptDialog.js';
import { ResumeBanner } from '../session/ResumeBanner.js';
import { useAppStore } from '../store/store-context.js';
import { Sidebar } from './Sidebar.js';
import { StepView } from './StepView.js';
import { isTrainingLab, TrainingBanner } from './TrainingBanner.js';

/**
 * The wizard's frame: a skip link, the step list on the left, the current step on the right (under the
 * training-lab banner when `ctha demo` opened it), the page's file chooser above it and prompts on top. While a
 * dialog is open everything behind it is inert, so neither Tab nor a click reaches it. While mounted, the wizard's
 * place is saved beside the project after each step and resumed when a project opens (renderer/store/session-slice.ts).
 */
export function App() {
  const watchSession = useAppStore((state) => state.watchSession);
  // The returned unsubscribe makes StrictMode's second mount watch once, not twice.
  useEffect(() => watchSession(), [watchSession]);
  const prompting = useAppStore((state) => state.prompts.length > 0);
  const choosing = useAppStore((state) => state.chooser !== undefined);
  // Read once per page load (the skip link changes the fragment later): only `ctha demo` opens the page with it.
  const [training] = useState(() => isTrainingLab(window.location.hash));
  return (
    <>
      <div className="app" inert={prompting || choosing}>
        <a className="skip-link" href="#step-title" data-testid="skip-link">
          Skip to the current step
        </a>
        <Sidebar />
        <main className="main">
          {training && <TrainingBanner />}
          <ResumeBanner />
          <StepView />
        </main>
      </div>
      <div inert={prompting}>
        <FileChooserHost />
      </div>
      <PromptDialog />
    </>
  );
}
