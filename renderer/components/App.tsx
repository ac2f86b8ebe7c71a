import { PromptDialog } from '../prompts/PromptDialog.js';
import { useAppStore } from '../store/store-context.js';
import { Sidebar } from './Sidebar.js';
import { StepView } from './StepView.js';

/**
 * The wizard's frame: a skip link, the step list on the left, the current step on the right, prompts on
 * top. While a prompt is open everything behind it is inert, so neither Tab nor a click reaches it.
 */
export function App() {
  const prompting = useAppStore((state) => state.prompts.length > 0);
  return (
    <>
      <div className="app" inert={prompting}>
        <a className="skip-link" href="#step-title" data-testid="skip-link">
          Skip to the current step
        </a>
        <Sidebar />
        <main className="main">
          <StepView />
        </main>
      </div>
      <PromptDialog />
    </>
  );
}
