import { MediaQuery } from 'svelte/reactivity';

/** The inbox's phone width: words beside a control are left to screen readers there, the room going to the control. */
export const phoneWidth = new MediaQuery('max-width: 700px');
