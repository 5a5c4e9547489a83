import { App, Button, Form, Input, Modal, Radio } from 'antd';
import { useState, type ReactNode } from 'react';
import { useT } from '../../i18n';

export interface StepField {
  name: string;
  label: string;
  required?: boolean;
  kind?: 'text' | 'textarea' | 'agrees';
}

/**
 * One workflow step as a button: fields (a reason, bodies, a decision) in a dialog, then the mutation; the
 * server's error (a refused step, a revision that moved on) is shown as it says it.
 */
export function StepButton(props: {
  testId: string;
  label: ReactNode;
  danger?: boolean;
  primary?: boolean;
  fields: StepField[];
  run: (values: Record<string, string>) => Promise<unknown>;
  onDone: () => void;
}) {
  const t = useT();
  const { message } = App.useApp();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm();
  const submit = async (values: Record<string, string>) => {
    setBusy(true);
    try {
      await props.run(values);
      message.success(t('done'));
      setOpen(false);
      form.resetFields();
      props.onDone();
    } catch (e) {
      message.error((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <Button
        data-testid={props.testId}
        danger={props.danger}
        type={props.primary ? 'primary' : 'default'}
        onClick={() => setOpen(true)}
      >
        {props.label}
      </Button>
      <Modal
        open={open}
        title={props.label}
        onCancel={() => setOpen(false)}
        okText={props.label}
        okButtonProps={{ danger: props.danger, loading: busy, htmlType: 'submit' }}
        onOk={() => form.submit()}
        destroyOnHidden
      >
        <Form
          form={form}
          layout="vertical"
          onFinish={(v) => void submit(v as Record<string, string>)}
          initialValues={{ agrees: 'true' }}
        >
          {props.fields.map((f) => (
            <Form.Item
              key={f.name}
              name={f.name}
              label={f.label}
              rules={f.required ? [{ required: true, whitespace: true, message: t('reasonRequired') }] : []}
            >
              {f.kind === 'agrees' ? (
                <Radio.Group
                  options={[
                    { value: 'true', label: '同意 · Agree' },
                    { value: 'false', label: '不同意 · Disagree' },
                  ]}
                />
              ) : f.kind === 'textarea' ? (
                <Input.TextArea rows={3} aria-label={f.label} />
              ) : (
                <Input aria-label={f.label} />
              )}
            </Form.Item>
          ))}
        </Form>
      </Modal>
    </>
  );
}
