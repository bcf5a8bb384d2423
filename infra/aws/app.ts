import { App } from 'aws-cdk-lib';
import { createSanad } from './sanad.ts';

const app = new App();
createSanad(app);
app.synth();
