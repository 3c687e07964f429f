// Entry of the settings page (bundled to dist/webview/main.js, styles to dist/webview/main.css).
import './styles.css';
import './jitlessZod';
import { SettingsPage } from './app';
import { connectToHost } from './vscodeApi';

const root = document.getElementById('app');
if (root) {
  const page = new SettingsPage(root, connectToHost(), document.documentElement.lang || navigator.language);
  window.addEventListener('message', (event: MessageEvent<unknown>) => page.receive(event.data));
  page.start();
}
