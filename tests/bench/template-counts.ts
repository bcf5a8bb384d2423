import { synthesizeSanad } from '../infra/synth.ts';

export type Resources = Record<
  string,
  { Type: string; Properties: Record<string, unknown>; Metadata?: Record<string, string> }
>;

/** Every resource of every stack the app deploys: the functions' alarms sit in a stack of their own. */
export function deployedResources(): Resources {
  const { statefulTemplate, statelessTemplate, functionAlarmsTemplate } = synthesizeSanad();
  return Object.fromEntries(
    [statefulTemplate, statelessTemplate, functionAlarmsTemplate].flatMap((template, stack) =>
      Object.entries(template.toJSON().Resources as Resources).map(([id, resource]) => [
        `${stack}/${id}`,
        resource,
      ]),
    ),
  );
}

/** What the cost model's fixed rows count in the templates. */
export function fixedCounts(resources: Resources): { alarms: number; everyMinute: number; keys: number } {
  const ofType = (type: string) => Object.values(resources).filter((resource) => resource.Type === type);
  return {
    alarms: ofType('AWS::CloudWatch::Alarm').length,
    everyMinute: ofType('AWS::Events::Rule').filter(
      (rule) => rule.Properties.ScheduleExpression === 'rate(1 minute)',
    ).length,
    keys: ofType('AWS::KMS::Key').length,
  };
}
