import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router';
import { App } from './App.js';
import { SessionProvider } from './auth/session.js';
import { AnnouncerProvider } from './ui/announcer.js';
import { i18nReady } from './i18n/index.js';
import './styles.css';

// The first screen waits for its language's strings (a few kilobytes), so it never flashes English.
void i18nReady.finally(() =>
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <BrowserRouter>
        <SessionProvider>
          <AnnouncerProvider>
            <App />
          </AnnouncerProvider>
        </SessionProvider>
      </BrowserRouter>
    </StrictMode>,
  ),
);
