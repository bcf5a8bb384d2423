import { type Component, mount } from 'svelte';
import './app.css';
import './typeface.css';

const target = document.getElementById('app');
if (!target) throw new Error('The page has no #app element');

// Beneficiaries' pages load without the inbox's code, and staff never download the public pages.
const page: Promise<{ default: Component }> = location.pathname.startsWith('/public/')
  ? import('./public/PublicApp.svelte')
  : import('./App.svelte');
void page.then(({ default: app }) => mount(app, { target }));
