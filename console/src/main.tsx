import './styles.css';
import { render } from 'preact';
import { App } from './app.js';
import { checkSession } from './store/session.js';

/** Entry: mounts the app, then asks the cloud whether this browser is signed in. */
const root = document.querySelector<HTMLElement>('#app');
if (root === null) throw new Error('index.html has no #app element');
render(<App />, root);
void checkSession();
