import { useShallow } from 'zustand/react/shallow';
import { useAppStore } from '../store/store-context.js';
import { FileChooser } from './FileChooser.js';

/** Shows the page's file chooser while a Browse button waits for it (browser mode only). */
export function FileChooserHost() {
  const { chooser, listFolder, settleChooser } = useAppStore(
    useShallow((state) => ({ chooser: state.chooser, listFolder: state.listFolder, settleChooser: state.settleChooser })),
  );
  if (chooser === undefined) return null;
  return (
    <FileChooser
      key={chooser.id}
      request={chooser.request}
      list={listFolder}
      onChoose={(path) => settleChooser(path)}
      onCancel={() => settleChooser(undefined)}
    />
  );
}
