import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App.tsx';
import { AppServicesProvider } from './app/app-services.tsx';
import { getApi } from './ipc.ts';
import { createSessionStore } from './session/session-store.ts';
import './styles.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
// The one place the bridge is looked up; everything else is handed the API.
const api = getApi();
const services = { api, session: createSessionStore(api), beforeSignOut: new Set<() => Promise<void>>() };
createRoot(root).render(
  <StrictMode>
    <AppServicesProvider services={services}>
      <App />
    </AppServicesProvider>
  </StrictMode>,
);
