import { mount } from '@vue/test-utils';
import { beforeAll, describe, expect, test } from 'vitest';
import { loadInterfaceMessages } from '../../i18n/i18n';
import EditorSection from './EditorSection.vue';
import { useSection } from './use-section';

describe('EditorSection', () => {
  beforeAll(async () => {
    await loadInterfaceMessages('en');
  });

  test('frames a section: heading, description, fields, then Save named after the heading', () => {
    const section = useSection({ bio: '' });
    const wrapper = mount(EditorSection, {
      props: { heading: 'About', description: 'Who you are.', section },
      slots: { default: '<p class="field">the fields</p>' },
    });
    const form = wrapper.get('form');
    expect(form.attributes('novalidate')).toBeDefined();
    expect(form.get('h2').text()).toBe('About');
    expect(form.findAll(':scope > p').map((p) => p.text())).toEqual(['Who you are.', 'the fields']);
    expect(wrapper.get('button[type=submit]').text()).toBe('Save About');
    expect(wrapper.find('select').exists()).toBe(false);
    expect(wrapper.text()).not.toContain('Saved.');
  });

  test('offers one visibility setting for the whole section when it has one, named after the heading', () => {
    const wrapper = mount(EditorSection, {
      props: { heading: 'Languages', section: useSection({}), visibility: 'members' },
    });
    expect(wrapper.get('select').attributes('aria-label')).toBe('Who can see: Languages');
  });

  test('lists the problems of a refused save, each linked to its field, and says when a save worked', async () => {
    const section = useSection({ pronouns: '<b>x</b>' });
    await section.save(
      async () => ({
        error: {
          error: {
            code: 'validation_failed',
            message: 'Some of the values sent are not valid.',
            requestId: 'r',
            details: [{ field: 'body.pronouns', code: 'markup', message: 'HTML is not accepted here.' }],
          },
        },
      }),
      () => undefined,
    );
    const wrapper = mount(EditorSection, { props: { heading: 'About', section, labels: { pronouns: 'Pronouns' } } });
    expect(wrapper.get('[role=alert]').text()).toContain('Pronouns: HTML is not accepted here.');
    expect(wrapper.get('[role=alert] a').attributes('href')).toBe('#pronouns');

    await section.save(
      async () => ({ data: { ok: true } }),
      () => undefined,
    );
    await wrapper.vm.$nextTick();
    expect(wrapper.find('[role=alert]').exists()).toBe(false);
    expect(wrapper.text()).toContain('Saved.');
  });

  test('asks for a save when the form is submitted', async () => {
    const wrapper = mount(EditorSection, { props: { heading: 'About', section: useSection({}) } });
    await wrapper.get('form').trigger('submit');
    expect(wrapper.emitted('submit')).toEqual([[]]);
  });
});
