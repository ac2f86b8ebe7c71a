import { PromptDialog } from '../prompts/PromptDialog.js';
import { Sidebar } from './Sidebar.js';
import { StepView } from './StepView.js';

/** The wizard's frame: the step list on the left, the current step on the right, prompts on top. */
export function App() {
  return (
    <div className="app">
      <Sidebar />
      <main className="main">
        <StepView />
      </main>
      <PromptDialog />
    </div>
  );
}
