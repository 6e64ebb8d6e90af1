"""SSM without EC2 until SendCommand needs it (lazy_ec2.py), in a fresh
interpreter: this process's other tests may have imported EC2 already."""

import os
import subprocess
import sys
from pathlib import Path

SCRIPT = """
import sys
from emulator import registry
registry.install_all()
import boto3
from moto import mock_aws

with mock_aws():
    ssm = boto3.client("ssm", region_name="us-east-1")
    ssm.put_parameter(Name="/lab/webhook-secret", Value="s3cret", Type="SecureString")
    assert ssm.get_parameter(Name="/lab/webhook-secret", WithDecryption=True)["Parameter"]["Value"] == "s3cret"
    print("ec2 after SSM parameters:", "moto.ec2" in sys.modules)
    ec2 = boto3.client("ec2", region_name="us-east-1")
    image = ec2.describe_images()["Images"][0]["ImageId"]
    tags = [{"ResourceType": "instance", "Tags": [{"Key": "role", "Value": "web"}]}]
    instance = ec2.run_instances(ImageId=image, MinCount=1, MaxCount=1, TagSpecifications=tags)["Instances"][0]["InstanceId"]
    command = ssm.send_command(DocumentName="AWS-RunShellScript", Targets=[{"Key": "tag:role", "Values": ["web"]}], Parameters={"commands": ["date"]})["Command"]
    print("targets found:", command["InstanceIds"] == [instance])
"""


def test_ssm_parameters_do_not_import_ec2_and_send_command_still_finds_tagged_instances() -> None:
    here = Path(__file__).resolve().parents[1]
    result = subprocess.run([sys.executable, "-c", SCRIPT], cwd=here, env={**os.environ, "PYTHONPATH": str(here)}, capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    assert "ec2 after SSM parameters: False" in result.stdout, result.stdout
    assert "targets found: True" in result.stdout, result.stdout
